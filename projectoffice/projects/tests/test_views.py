"""The project pages: scope, inline WBS editing with versions, and query counts at two sizes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projectoffice.projects import services
from projectoffice.projects.models import Project, Task
from projectoffice.projects.tests.conftest import make_plan, make_project

PAGES = ("projects:detail", "projects:wbs", "projects:gantt", "projects:gantt_data", "projects:critical",
         "projects:baselines")


def client_for(org: Any, name: str) -> Client:
    client = Client()
    client.force_login(org.users[name])
    return client


def test_pages_show_in_scope_and_404_outside(org: Any, project_w: Project, project_cld: Project) -> None:
    member, outsider = client_for(org, "team-member"), client_for(org, "outsider")
    for name in PAGES:
        assert member.get(reverse(name, args=[project_w.pk])).status_code == 200, name
        assert member.get(reverse(name, args=[project_cld.pk])).status_code == 404, name
        assert outsider.get(reverse(name, args=[project_w.pk])).status_code == 404, name
    listing = member.get(reverse("projects:list")).content.decode()
    assert "W-RAN-1" in listing and "AUS-CLD-1" not in listing
    assert "W-RAN-1" not in outsider.get(reverse("projects:list")).content.decode()


def test_the_project_page_shows_the_five_million_rule(org: Any) -> None:
    project = make_project(org, "BIG", budget="9000000")
    page = client_for(org, "executive").get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "should be led by a PMO project manager" in page


def test_inline_edit_saves_and_refreshes_the_recomputed_rows(org: Any, project_w: Project) -> None:
    a = services.task_add(project=project_w, by=None, name="A", duration_minutes=450)
    b = services.task_add(project=project_w, by=None, name="B", duration_minutes=450)
    services.link_add(project=project_w, by=None, predecessor=a, successor=b)
    client = client_for(org, "project-leader")
    url = reverse("projects:task_edit", args=[project_w.pk, a.pk])
    assert 'name="duration_days"' in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    form = {"name": "A", "duration_days": "3", "percent_complete": "0", "constraint": "ASAP",
            "version": str(Task.objects.get(pk=a.pk).version)}
    response = client.post(url, form, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="wbs-rows"' in response.content.decode()
    moved = Task.objects.get(pk=b.pk)
    assert moved.start is not None and moved.start.date().isoformat() in response.content.decode()  # B's new date is in the fragment
    stale = client.post(url, {**form, "name": "A again"}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409 and "changed by someone else" in stale.content.decode()
    assert Task.objects.get(pk=a.pk).name == "A"


def test_a_reader_gets_no_edit_controls_and_cannot_post(org: Any, project_w: Project) -> None:
    task = services.task_add(project=project_w, by=None, name="A")
    client = client_for(org, "team-member")
    assert "Indent" not in client.get(reverse("projects:wbs", args=[project_w.pk])).content.decode()
    response = client.post(reverse("projects:task_action", args=[project_w.pk, task.pk, "delete"]), {"confirm": "1"})
    assert response.status_code == 403 and Task.objects.filter(pk=task.pk).exists()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_pages_cost_the_same_queries_at_two_sizes(org: Any, name: str) -> None:
    small, large = make_project(org, "SMALL"), make_project(org, "LARGE")
    for project, size in ((small, 20), (large, 300)):
        make_plan(project, size)
        services.baseline_save(project=project, by=None, number=0)
    client = client_for(org, "project-leader")
    counts = [_queries(client, reverse(name, args=[p.pk])) for p in (small, large)]
    assert counts[0] == counts[1], counts


def test_the_list_page_costs_the_same_queries_at_two_sizes(org: Any) -> None:
    client = client_for(org, "executive")
    make_project(org, "P-1")
    first = _queries(client, reverse("projects:list"))
    for i in range(2, 12):
        make_project(org, f"P-{i}", manager="pmo-project-manager" if i % 2 else "project-leader")
    assert _queries(client, reverse("projects:list")) == first


def test_dates_typed_in_the_wbs_are_the_lead_site_wall_time(org: Any, project_w: Project) -> None:
    from projectoffice.projects.tests.conftest import MONDAY

    task = services.task_add(project=project_w, by=None, name="A", duration_minutes=450)
    form = {"name": "A", "duration_days": "1", "percent_complete": "50", "constraint": "ASAP",
            "actual_start": "2026-03-02T09:00", "version": str(Task.objects.get(pk=task.pk).version)}
    client = client_for(org, "project-leader")
    response = client.post(reverse("projects:task_edit", args=[project_w.pk, task.pk]), form, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Task.objects.get(pk=task.pk).actual_start == MONDAY.replace(hour=9)  # 09:00 in Paris, not UTC


def test_a_project_created_from_the_form_starts_at_the_lead_site_time(org: Any) -> None:
    client = client_for(org, "data-administrator")
    response = client.post(reverse("projects:new"), {
        "code": "W-FORM", "name": "From the form", "nature": "software", "business_unit": org.units["NET"].pk,
        "business_line": org.units["RAN"].pk, "lead_site": org.sites["W"].pk, "budget_at_completion": "1000",
        "planned_start": "2026-03-02T09:00"})
    project = Project.objects.get(code="W-FORM")
    assert response.status_code == 302 and project.planned_start.isoformat() == "2026-03-02T08:00:00+00:00"
    bad = client.post(reverse("projects:new"), {"code": "W FORM", "name": "x", "nature": "software",
                                                "business_unit": org.units["NET"].pk,
                                                "business_line": org.units["RAN"].pk, "lead_site": org.sites["W"].pk,
                                                "budget_at_completion": "1", "planned_start": "2026-03-02T09:00"})
    assert bad.status_code == 422 and "letters, digits" in bad.content.decode()
    assert Project.objects.count() == 1


def test_the_new_project_forms_offer_only_what_the_user_may_create(org: Any, client_as: Any) -> None:
    from django.urls import reverse

    leader = client_as(org.users["project-leader"])  # leads projects, creates none
    assert leader.get(reverse("projects:new")).status_code == 403
    refused = leader.get(reverse("projects:interchange_import_new"))
    assert refused.status_code == 403 and "do not include creating projects" in refused.content.decode()
    form = client_as(org.users["data-administrator"]).get(reverse("projects:interchange_import_new")).context["form"]
    assert [s.code for s in form.fields["lead_site"].queryset] == ["W"]
    pmo = client_as(org.users["pmo-project-manager"]).get(reverse("projects:new")).context["form"]
    assert [u.code for u in pmo.fields["business_line"].queryset] == ["RAN"]
