from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projectoffice.cockpit.tests.conftest import make_project


def test_the_cockpit_page_filters_drills_down_and_names_bad_filters(org: Any, portfolio: Any, client_as: Any,
                                                                     executive: Any) -> None:
    client = client_as(executive)
    page = client.get(reverse("cockpit:index"))
    assert page.status_code == 200 and b"P-CLD-1" in page.content and b"plotly.min.js" in page.content
    assert b'href="?bu=NET&amp;bl=RAN"' in page.content  # drill-down link into a line
    narrowed = client.get(reverse("cockpit:index"), {"bu": "NET", "bl": "RAN"})
    assert b"P-RAN-2" in narrowed.content and b"P-CLD-1" not in narrowed.content
    bad = client.get(reverse("cockpit:index"), {"site": "ATLANTIS"})
    assert bad.status_code == 422 and b"Unknown site &#x27;ATLANTIS&#x27;" in bad.content


def test_the_cockpit_page_costs_the_same_queries_with_more_projects(org: Any, portfolio: Any, client_as: Any,
                                                                    executive: Any) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client_as(org.user("executive")).get(reverse("cockpit:index"), {"bu": "NET"}).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(5):
        make_project(org, f"P-X-{i}", "NET", "OPT", "MUC", "amber", "EUR", 50)
    assert count() == small


def test_reports_of_a_project_out_of_scope_are_404(org: Any, portfolio: Any, client_as: Any,
                                                   pso_data_administrator: Any, executive: Any) -> None:
    far = portfolio["P-CLD-1"]  # led from Austin: not the PSO of site W's
    client = client_as(pso_data_administrator)
    for url in (reverse("cockpit:reports", args=[far.pk]), reverse("cockpit:report_export", args=[far.pk, "pdf"])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("cockpit:report_generate", args=[far.pk])).status_code == 404
    pdf = client_as(executive).get(reverse("cockpit:report_export", args=[far.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client_as(executive).get(reverse("cockpit:report_export", args=[far.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_the_template_page_refuses_an_unknown_field(org: Any, client_as: Any, pmo_manager: Any) -> None:
    response = client_as(pmo_manager).post(reverse("cockpit:template"),
                                           {"title": "Weekly", "sections": "Money: evm, bonus"})
    assert response.status_code == 422 and b"Unknown field &#x27;bonus&#x27;" in response.content


def test_the_api_gives_the_tree_names_bad_filters_and_hides_projects_out_of_scope(
        org: Any, portfolio: Any, client_as: Any, executive: Any, pso_data_administrator: Any) -> None:
    body = client_as(executive).get("/api/v1/cockpit", {"bu": "NET"}).json()
    assert body["tree"]["projects"] == 3 and [c["code"] for c in body["tree"]["children"]] == ["NET"]
    assert float(body["tree"]["bac"]) == sum(float(c["bac"]) for c in body["tree"]["children"])
    bad = client_as(executive).get("/api/v1/cockpit", {"health": "purple"})
    assert bad.status_code == 422 and bad.json()["field"] == "health"
    far = portfolio["P-CLD-1"]
    assert client_as(pso_data_administrator).get(
        f"/api/v1/cockpit/projects/{far.pk}/status-report.pdf").status_code == 404


def test_the_scorecard_page_defines_kpis_and_names_an_unknown_metric(org: Any, portfolio: Any, client_as: Any,
                                                                     executive: Any) -> None:
    client = client_as(executive)
    bad = client.post(reverse("cockpit:kpi_define"), {"code": "X", "name": "X", "perspective": "financial",
                                                      "formula": "ev / salary", "target": "1", "threshold": "0"})
    assert bad.status_code == 422 and b"Unknown field &#x27;salary&#x27;" in bad.content
    good = client.post(reverse("cockpit:kpi_define"), {"code": "SPI", "name": "Schedule", "unit": "NET",
                                                       "perspective": "internal", "formula": "ev / pv",
                                                       "target": "1", "threshold": "0.9", "higher": "1"})
    assert good.status_code == 302
    page = client.get(reverse("cockpit:scorecard"))
    assert page.status_code == 200 and b"Schedule" in page.content and b"Learning &amp; growth" in page.content
