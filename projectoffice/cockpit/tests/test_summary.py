"""The stored cockpit summary: read only by users who see whole units, only their units' rows, only when fresh,
and equal to the live path on the same data."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projectoffice.cockpit.models import CockpitChartPoint, CockpitSummary
from projectoffice.cockpit.selectors import CockpitFilters, cockpit, cockpit_filters_parse
from projectoffice.cockpit.selectors.figures import Node, last_closed_month
from projectoffice.cockpit.services import cockpit_summary_refresh
from projectoffice.cockpit.tests.conftest import make_project
from projectoffice.core.models import AuditRecord
from projectoffice.finance.models import ProjectMonthFigures
from projectoffice.projects.models import ProjectMember
from projectoffice.projects.services import project_set_health


def _tree(node: Node) -> Any:
    return (node.code, asdict(node.sums), [_tree(child) for child in node.children])


def _views(user: Any, company: Any, **params: str) -> tuple[Any, Any]:
    """The live view, then the same view after the summary is stored."""
    filters = cockpit_filters_parse(user, params)
    CockpitSummary.objects.all().delete()
    live = cockpit(user, filters)
    cockpit_summary_refresh(company=company)
    return live, cockpit(user, filters)


def test_the_stored_summary_equals_the_live_path(org: Any, portfolio: Any, executive: Any) -> None:
    for params in ({}, {"bu": "NET"}, {"bl": "RAN"}, {"bu": "NET", "bl": "OPT"}):
        live, stored = _views(executive, org.company, **params)
        assert not live.stored and stored.stored, params
        assert _tree(stored.tree) == _tree(live.tree) and stored.points == live.points, params
        assert [r.code for r in stored.rows] == [r.code for r in live.rows] and stored.warnings == live.warnings


def test_a_bu_executive_reads_only_the_sums_of_the_bu(org: Any, portfolio: Any, bu_executive: Any) -> None:
    live, stored = _views(bu_executive, org.company)
    assert stored.stored and [bu.code for bu in stored.tree.children] == ["NET"]
    assert _tree(stored.tree) == _tree(live.tree) and stored.tree.sums.projects == 3
    assert {p["code"] for p in stored.points} == {"P-RAN-1", "P-RAN-2", "P-OPT-1"}
    assert cockpit(bu_executive, CockpitFilters(bu="ENT")).tree.sums.projects == 0  # another BU: nothing


def test_a_site_data_administrator_gets_exactly_the_sites_projects(org: Any, portfolio: Any,
                                                                   pso_data_administrator: Any) -> None:
    cockpit_summary_refresh(company=org.company)
    view = cockpit(pso_data_administrator, CockpitFilters())
    assert not view.stored and view.tree.sums.projects == 2
    assert view.tree.sums.bac == portfolio["P-RAN-1"].month_figures.get().bac + portfolio[
        "P-OPT-1"].month_figures.get().bac


def test_a_bu_executive_who_also_sees_a_project_elsewhere_gets_the_live_path(org: Any, portfolio: Any,
                                                                             bu_executive: Any) -> None:
    ProjectMember.objects.create(project=portfolio["P-CLD-1"], person=org.people["bu-executive"])
    cockpit_summary_refresh(company=org.company)
    view = cockpit(org.user("bu-executive"), CockpitFilters())
    assert not view.stored and view.tree.sums.projects == 4


def test_other_filters_a_stale_or_old_summary_give_the_live_path(org: Any, portfolio: Any, executive: Any) -> None:
    cockpit_summary_refresh(company=org.company)
    assert not cockpit(executive, CockpitFilters(site="W")).stored
    assert cockpit(executive, CockpitFilters()).stored
    figures = portfolio["P-RAN-1"].month_figures.get()
    ProjectMonthFigures.objects.filter(pk=figures.pk).update(bac=figures.bac + 1,
                                                             computed_at=timezone.now())
    refreshed = cockpit(executive, CockpitFilters())
    assert not refreshed.stored and refreshed.tree.sums.bac == sum(
        p.month_figures.get().bac for p in portfolio.values())
    cockpit_summary_refresh(company=org.company)
    assert cockpit(executive, CockpitFilters()).stored
    CockpitSummary.objects.update(computed_on=timezone.localdate() - dt.timedelta(days=1))
    assert not cockpit(executive, CockpitFilters()).stored


def test_a_project_turning_red_sends_the_page_live_until_the_next_refresh(org: Any, portfolio: Any,
                                                                          executive: Any) -> None:
    cockpit_summary_refresh(company=org.company)
    before = cockpit(executive, CockpitFilters())
    assert before.stored
    project = portfolio["P-RAN-1"]
    health = "amber" if project.health == "red" else "red"
    project_set_health(project=project, by=None, health=health, reason="Supplier late")
    after = cockpit(executive, CockpitFilters())
    assert not after.stored and after.tree.sums != before.tree.sums
    cockpit_summary_refresh(company=org.company)
    assert cockpit(executive, CockpitFilters()).stored


def test_the_refresh_replaces_the_month_and_is_audited(org: Any, portfolio: Any) -> None:
    assert cockpit_summary_refresh(company=org.company) == 3  # RAN, OPT, CLD
    make_project(org, "P-RAN-3", "NET", "RAN", "W", "red", "EUR", 100)
    assert cockpit_summary_refresh(company=org.company) == 3
    month = last_closed_month()
    assert CockpitSummary.objects.filter(month=month).values_list("projects", flat=True).order_by(
        "business_line__code").count() == 3
    assert sum(CockpitSummary.objects.values_list("projects", flat=True)) == 5
    assert CockpitChartPoint.objects.count() == 5
    assert AuditRecord.objects.filter(action="cockpit_summary.refreshed").count() == 2


def test_the_stored_path_reads_in_a_constant_number_of_queries(org: Any, portfolio: Any, executive: Any) -> None:
    def count() -> int:
        cockpit_summary_refresh(company=org.company)
        user = org.user("executive")
        with CaptureQueriesContext(connection) as ctx:
            assert cockpit(user, CockpitFilters()).stored
        return len(ctx.captured_queries)

    small = count()
    for i in range(6):
        make_project(org, f"P-MORE-{i}", "ENT", "CLD", "AUS", "red", "USD", 100)
    assert count() == small


def test_the_daily_job_and_the_command_store_the_summary(org: Any, portfolio: Any, executive: Any) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from projectoffice.cockpit.tasks import daily_summary_refresh

    daily_summary_refresh()
    assert cockpit(executive, CockpitFilters()).stored
    CockpitSummary.objects.all().delete()
    out = io.StringIO()
    call_command("cockpit_summary_refresh", f"--month={last_closed_month():%Y-%m}", stdout=out)
    assert "3 (BU, line) groups stored" in out.getvalue()
    assert cockpit(executive, CockpitFilters()).stored
    with pytest.raises(CommandError, match="'2026-13' is not a month like 2026-10"):
        call_command("cockpit_summary_refresh", "--month=2026-13", stdout=out)


def test_the_cockpit_shows_the_companys_last_month_closed_at_a_site(org: Any, portfolio: Any,
                                                                     executive: Any) -> None:
    from projectoffice.timesheets.models import Period

    shown = cockpit(executive, CockpitFilters()).month  # no site closed a month yet: the previous calendar month
    assert shown == last_closed_month()
    earlier = (shown - dt.timedelta(days=1)).replace(day=1)
    Period.objects.create(site=org.sites["W"], month=earlier, status=Period.Status.CLOSED)
    assert cockpit(executive, CockpitFilters()).month == earlier == last_closed_month(org.company)
