"""An executive looks at the portfolio, narrows it, drills down to a project, opens its Gantt and exports its
status report as PDF; a site's data administrator sees only the projects of the site."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import log_in

# django_db: so that pytest-django creates the test database (the journeys read it through demo_server)
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_an_executive_goes_from_the_cockpit_to_a_projects_status_report(demo_server: str, page: Any,
                                                                         shot: Any) -> None:
    log_in(page, demo_server, "executive")
    page.goto(f"{demo_server}/cockpit/")
    page.wait_for_selector("#chart-money .main-svg")  # Plotly drew from /static/vendor/plotly.min.js
    shot(page, "cockpit")
    everything = page.locator("#projects tbody tr").count()

    page.select_option("select[name=bu]", "NET")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"bu=NET"))
    shot(page, "filtered-by-bu")
    units = page.locator("#projects tbody tr td:nth-child(2)").all_inner_texts()
    assert units and all(u.startswith("NET /") for u in units) and len(units) < everything

    line = page.locator("#drill a[href*='bl=']").first
    line_code = line.get_attribute("data-unit")
    line.click()
    page.wait_for_url(re.compile(rf"bl={line_code}"))
    shot(page, "drilled-to-line")
    row = page.locator("#projects tbody tr").first
    assert f"/ {line_code}" in row.locator("td:nth-child(2)").inner_text()
    gantt_href = row.locator("a", has_text="Gantt").get_attribute("href")
    reports_href = row.locator("a", has_text="Reports").get_attribute("href")

    row.locator("td:first-child a").click()
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    shot(page, "project")

    page.goto(f"{demo_server}{gantt_href}")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=Gantt").count() > 0
    shot(page, "gantt")

    page.goto(f"{demo_server}{reports_href}")
    shot(page, "status-reports")
    with page.expect_download() as download:
        page.click("#export-pdf")
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_a_site_data_administrator_sees_only_the_sites_projects(demo_server: str, page: Any, shot: Any) -> None:
    from django.contrib.auth import get_user_model

    from projectoffice.access import scope_of
    from projectoffice.projects.models import Project

    user = get_user_model().objects.get(username="data-administrator")
    expected = set(scope_of(user).projects().values_list("code", flat=True))
    sites = set(scope_of(user).projects().values_list("lead_site__code", flat=True))
    assert expected and len(expected) < Project.objects.count()

    log_in(page, demo_server, "data-administrator")
    page.goto(f"{demo_server}/cockpit/")
    shot(page, "cockpit-of-the-site")
    codes = {t.split()[0] for t in page.locator("#projects tbody tr td:first-child").all_inner_texts()}
    shown_sites = set(page.locator("#projects tbody tr td:nth-child(3)").all_inner_texts())
    assert codes == expected and shown_sites == sites
