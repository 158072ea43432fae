"""Office workspaces as their users see them: the right office's figures, nothing outside the user's scope, a
navigation entry per office the user works in, and a query count that does not grow with the data."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projectoffice.changes.services import change_request_raise
from projectoffice.portfolio.models import Proposal
from projectoffice.portfolio.tests.conftest import make_proposal
from projectoffice.projects import services as projects
from projectoffice.projects.models import Project
from projectoffice.projects.tests.conftest import make_project


def office_url(org: Any, code: str) -> str:
    return reverse("workspaces:office", args=[org.offices[code].pk])


def red_project(org: Any, code: str, *, site: str, line: str = "RAN", unit: str = "NET") -> Project:
    project = make_project(org, code, site=site, line=line, unit=unit)
    projects.project_set_status(project=project, by=None, status=Project.Status.APPROVED)
    projects.project_set_status(project=project, by=None, status=Project.Status.ACTIVE)
    projects.project_set_health(project=project, by=None, health=Project.Health.RED, reason=f"{code} is late")
    return project


def contract_change(project: Project, org: Any) -> Any:
    return change_request_raise(project=project, by=org.users["project-leader"], title=f"Rework {project.code}",
                                description="More tests", reason="Customer asked", category="contract",
                                customer_contract_affected=True)


def test_the_pso_sees_its_sites_projects_and_changes_only(org: Any, client_as: Any) -> None:
    at_w = red_project(org, "W-RED", site="W")
    red_project(org, "MUC-RED", site="MUC")
    contract_change(at_w, org)
    page = client_as(org.users["pso-manager"]).get(office_url(org, "PSO-FR"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "W-RED is late" in html and "Rework W-RED" in html
    assert "MUC-RED" not in html
    assert page.context["w"].projects.red == 1


def test_the_pmo_sees_its_lines_pipeline_and_contract_changes(portfolio: Any, client_as: Any) -> None:
    org = portfolio  # three RAN proposals in review: P1 (best score), P2, P3
    make_proposal(org, "P-IDEA", state=Proposal.State.IDEA)
    make_proposal(org, "C-IDEA", line="CLD", state=Proposal.State.IDEA)
    contract_change(red_project(org, "W-RAN", site="W"), org)
    contract_change(red_project(org, "W-CLD", site="W", line="CLD", unit="ENT"), org)
    page = client_as(org.users["pmo-manager"]).get(office_url(org, "PMO-RAN"))
    assert page.status_code == 200
    w = page.context["w"]
    counts = {state: n for state, _, n in w.pipeline}
    assert counts["review"] == 3 and counts["idea"] == 1
    assert [p.code for p in w.in_review] == ["P1", "P2", "P3"]
    assert [c.project.code for c in w.contract_changes] == ["W-RAN"]
    assert w.projects.red == 1


def test_an_office_out_of_scope_is_not_found(org: Any, client_as: Any) -> None:
    assert client_as(org.users["outsider"]).get(office_url(org, "PSO-FR")).status_code == 404
    assert client_as(org.users["executive"]).get(office_url(org, "PSO-GB")).status_code == 404
    assert client_as(org.users["pso-manager"]).get(office_url(org, "PSO-NA")).status_code == 404


def test_a_team_member_sees_in_an_office_page_only_their_own_projects(org: Any, client_as: Any) -> None:
    mine = red_project(org, "W-MINE", site="W")
    projects.member_add(project=mine, by=None, person=org.people["team-member"], role="member")
    red_project(org, "W-OTHER", site="W")
    page = client_as(org.users["team-member"]).get(office_url(org, "PSO-FR"))
    assert page.status_code == 200
    assert page.context["w"].projects.red == 1
    assert "W-OTHER" not in page.content.decode()


def test_the_navigation_offers_each_users_own_offices(org: Any, client_as: Any) -> None:
    home = client_as(org.users["pso-manager"]).get(reverse("home")).content.decode()
    assert f'href="{office_url(org, "PSO-FR")}"' in home
    assert "PMO-RAN" not in home
    executive_home = client_as(org.users["executive"]).get(reverse("home")).content.decode()
    assert f'href="{reverse("workspaces:index")}"' in executive_home
    listing = client_as(org.users["executive"]).get(reverse("workspaces:index")).content.decode()
    assert "PSO-FR" in listing and "PMO-RAN" in listing and "PSO-GB" not in listing


def test_office_pages_cost_the_same_queries_at_two_sizes(portfolio: Any, client_as: Any) -> None:
    org = portfolio
    client = client_as(org.users["pso-manager"])

    def count(code: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(office_url(org, code)).status_code == 200
        return len(queries)

    contract_change(red_project(org, "W-1", site="W"), org)
    small = count("PSO-FR"), count("PMO-RAN")
    for n in range(2, 6):
        contract_change(red_project(org, f"W-{n}", site="W"), org)
        make_proposal(org, f"P-{n}", ratings=(n, n, n))
    assert (count("PSO-FR"), count("PMO-RAN")) == small


def test_office_pages_link_only_to_what_the_user_may_open(org: Any, client_as: Any) -> None:
    line = org.units["RAN"].pk
    pmo_for_pso = client_as(org.users["pso-manager"]).get(office_url(org, "PMO-RAN")).content.decode()
    assert reverse("portfolio:line", args=[line]) not in pmo_for_pso
    pmo_for_pmo = client_as(org.users["pmo-manager"]).get(office_url(org, "PMO-RAN")).content.decode()
    assert reverse("portfolio:line", args=[line]) in pmo_for_pmo
    leader = client_as(org.users["project-leader"]).get(office_url(org, "PSO-FR")).content.decode()
    assert reverse("timesheets:periods") not in leader and reverse("projects:new") not in leader
    manager = client_as(org.users["pso-manager"]).get(office_url(org, "PSO-FR")).content.decode()
    assert reverse("timesheets:periods") in manager and reverse("projects:new") in manager


def test_every_office_of_every_company_opens_for_the_superuser(org: Any, client_as: Any) -> None:
    client = client_as(org.users["superuser"])  # no person: every scope, no role of their own
    for office in org.offices.values():
        assert client.get(reverse("workspaces:office", args=[office.pk])).status_code == 200, office.code
        assert client.get(f"/api/v1/offices/{office.pk}/workspace").status_code == 200, office.code
    assert "PSO-GB" in client.get(reverse("workspaces:index")).content.decode()
