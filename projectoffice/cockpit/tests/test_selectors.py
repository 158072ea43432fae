from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projectoffice.cockpit.selectors import CockpitFilters, cockpit, cockpit_filters_parse, sums_of_unit
from projectoffice.cockpit.tests.conftest import make_project
from projectoffice.core.errors import ApplicationError


def test_a_bu_figure_is_the_sum_of_its_projects(org: Any, portfolio: Any, executive: Any) -> None:
    view = cockpit(executive, CockpitFilters())
    assert {r.code for r in view.rows} == set(portfolio)
    for bu in view.tree.children:
        mine = [r for r in view.rows if r.bu[0] == bu.code]
        for name in ("bac", "pv", "ev", "ac", "eac", "projects", "red", "milestones_late", "open_risks"):
            assert getattr(bu.sums, name) == sum(getattr(r.sums, name) for r in mine), name
        assert sum(bl.sums.bac for bl in bu.children) == bu.sums.bac
    assert view.tree.sums.bac == sum(bu.sums.bac for bu in view.tree.children)


def test_money_is_converted_to_the_reporting_currency(org: Any, portfolio: Any, executive: Any) -> None:
    rows = {r.code: r for r in cockpit(executive, CockpitFilters()).rows}
    assert rows["P-RAN-1"].sums.bac == Decimal("4000")
    assert rows["P-CLD-1"].sums.bac == Decimal("4320.00")  # 4 × 1200 USD at 0.9


def test_milestones_and_risks_are_counted_per_project(org: Any, portfolio: Any, executive: Any) -> None:
    view = cockpit(executive, CockpitFilters())
    assert view.tree.sums.milestones_late == 4 and view.tree.sums.milestones_due == 4
    assert view.tree.sums.high_risks == 4
    assert {h: getattr(view.tree.sums, h) for h in ("green", "amber", "red")} == {"green": 2, "amber": 1, "red": 1}


def test_filters_narrow_and_a_line_includes_its_product_lines(org: Any, portfolio: Any, executive: Any) -> None:
    def codes(**params: str) -> set[str]:
        return {r.code for r in cockpit(executive, cockpit_filters_parse(executive, params)).rows}

    assert codes(bu="NET") == {"P-RAN-1", "P-RAN-2", "P-OPT-1"}
    assert codes(site="W", health="amber") == {"P-OPT-1"}
    assert codes(bl="CLD") == {"P-CLD-1"}
    assert codes(pm=str(org.people["pmo-project-manager"].pk), status="active") == set(portfolio)
    assert sums_of_unit(cockpit(executive, CockpitFilters()).rows, "NET").projects == 3


BAD_FILTERS = [({"bu": "NOPE"}, "bu"), ({"bl": "XL"}, "bl"), ({"site": "Z"}, "site"), ({"health": "purple"}, "health"),
               ({"status": "x"}, "status"), ({"nature": "x"}, "nature"), ({"pm": "abc"}, "pm"),
               ({"pm": "999999"}, "pm")]


def test_an_unknown_filter_value_is_named(org: Any, executive: Any) -> None:
    """One world for every case (XL is a line and Z a site of the other company: unknown here too)."""
    for params, field in BAD_FILTERS:
        with pytest.raises(ApplicationError) as caught:
            cockpit_filters_parse(executive, params)
        assert caught.value.field == field and repr(next(iter(params.values()))) in caught.value.message


def test_a_site_data_administrator_sees_only_the_sites_projects(org: Any, portfolio: Any,
                                                                 pso_data_administrator: Any) -> None:
    view = cockpit(pso_data_administrator, CockpitFilters())
    assert {r.site for r in view.rows} == {"W"} and {r.code for r in view.rows} == {"P-RAN-1", "P-OPT-1"}


def test_an_outsider_sees_no_project(org: Any, portfolio: Any, outsider: Any) -> None:
    assert cockpit(outsider, CockpitFilters()).rows == []


def test_the_cockpit_reads_in_a_constant_number_of_queries(org: Any, portfolio: Any, executive: Any) -> None:
    def count() -> int:
        user = org.user("executive")
        with CaptureQueriesContext(connection) as ctx:
            cockpit(user, cockpit_filters_parse(user, {"bu": "NET"}))
        return len(ctx.captured_queries)

    small = count()
    for i in range(6):
        make_project(org, f"P-MORE-{i}", "NET", "RAN", "W", "red", "USD", 100)
    assert count() == small


def test_spi_and_cpi_distributions_count_every_project_once(org: Any, portfolio: Any, executive: Any) -> None:
    """EV ÷ PV is 1.05 / 0.95 / 0.8 by health (fixture), and EV ÷ AC its square."""
    s = cockpit(executive, CockpitFilters()).tree.sums
    assert (s.spi_low, s.spi_mid, s.spi_high) == (1, 1, 2)  # red; amber; the two greens
    assert (s.cpi_low, s.cpi_mid, s.cpi_high) == (1, 1, 2)


def test_the_list_is_paged_worst_first_while_the_figures_count_every_project(org: Any, portfolio: Any,
                                                                             executive: Any) -> None:
    first = cockpit(executive, CockpitFilters(), per_page=2)
    second = cockpit(executive, CockpitFilters(), per_page=2, page=2)
    assert [r.code for r in first.rows] == ["P-RAN-2", "P-OPT-1"]  # red, amber
    assert [r.code for r in second.rows] == ["P-CLD-1", "P-RAN-1"] and second.pages == 2
    assert first.tree.sums.projects == 4 and first.tree.sums.bac == sum(
        r.sums.bac for r in first.rows + second.rows)
    assert cockpit(executive, CockpitFilters(), per_page=2, page=99).page == 2


def test_a_project_without_stored_figures_is_named_in_a_warning_not_guessed(org: Any, portfolio: Any,
                                                                           executive: Any) -> None:
    from projectoffice.finance.models import ProjectMonthFigures

    ProjectMonthFigures.objects.filter(project=portfolio["P-RAN-1"]).delete()
    make_project(org, "P-NEW", "NET", "RAN", "W", "green", "EUR", 100).month_figures.all().delete()
    proposed = make_project(org, "P-IDEA", "NET", "RAN", "W", "green", "EUR", 100)
    proposed.status = "proposed"
    proposed.save()
    proposed.month_figures.all().delete()
    view = cockpit(executive, CockpitFilters())
    assert len(view.warnings) == 1 and view.warnings[0].startswith("2 project(s) have no figures for ")
    assert view.tree.sums.projects == 6 and view.tree.sums.bac == Decimal("10000") + Decimal("2800") + Decimal(
        "4320.00")  # P-RAN-2, P-OPT-1, P-CLD-1


def test_utilisation_counts_the_work_falling_in_the_next_four_weeks(org: Any, portfolio: Any,
                                                                    executive: Any) -> None:
    """A 56-day task with half its span in the window counts half its work; a task after the window none."""
    import datetime as dt

    from django.utils import timezone

    from projectoffice.people.models import Skill
    from projectoffice.projects.models import Assignment, Resource, Task

    project, now = portfolio["P-RAN-1"], timezone.now()
    skill = Skill.objects.create(company=org.company, code="RF", name="RF engineering")
    rf = Resource.objects.create(company=org.company, kind="generic", name="RF engineer", skill=skill)
    spans = {10: (now - dt.timedelta(days=28), now + dt.timedelta(days=28)),
             11: (now + dt.timedelta(days=30), now + dt.timedelta(days=40))}
    for uid, (start, finish) in spans.items():
        task = Task.objects.create(project=project, uid=uid, sort_index=uid, name=f"Work {uid}", start=start,
                                   finish=finish)
        Assignment.objects.create(project=project, task=task, resource=rf, work_minutes=160 * 60)
    [load] = cockpit(executive, CockpitFilters()).utilisation
    assert load.skill == "RF" and load.resources == 1
    assert abs(load.work_hours - 80) < 0.01 and abs((load.percent or 0) - 50) < 0.01


def test_figures_in_another_currency_than_the_reporting_one_are_not_added(org: Any, portfolio: Any,
                                                                        executive: Any) -> None:
    """E.g. stored before the company changed its reporting currency: left out and warned about, not mixed."""
    portfolio["P-RAN-1"].month_figures.update(currency="XYZ")
    view = cockpit(executive, CockpitFilters())
    assert view.tree.sums.bac == Decimal("10000") + Decimal("2800") + Decimal("4320.00")
    assert view.warnings and view.warnings[0].startswith("1 project(s) have no figures")
