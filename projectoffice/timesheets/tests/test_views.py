"""The pages: my week with live HTMX editing, the inbox, periods, reminders, import; scope and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projectoffice.timesheets import selectors, services
from projectoffice.timesheets.models import Category, Period, TimesheetLine
from projectoffice.timesheets.tests.conftest import WEEK, World, hours, submitted_week


def week_url(week: dt.date = WEEK) -> str:
    return f"{reverse('timesheets:week')}?week={week.isoformat()}"


def test_my_week_is_linked_from_the_nav_and_shows_days_and_tasks(world: World) -> None:
    page = world.client(world.worker).get(week_url()).content.decode()
    assert f'href="{reverse("timesheets:week")}"' in page
    assert "Mon<br>2 Mar" in page and world.task.name in page and "Copy last week" in page


def test_adding_a_line_and_editing_a_cell_updates_totals_and_rules_live(world: World) -> None:
    client = world.client(world.worker)
    response = client.post(reverse("timesheets:line_add"), {"week": WEEK.isoformat(), "what": f"task:{world.task.pk}"})
    assert response.status_code == 302
    line = TimesheetLine.objects.get()
    live = client.post(reverse("timesheets:line_cell", args=[line.pk]), {"day": "d1", "value": "11"},
                       HTTP_HX_REQUEST="true")
    assert live.status_code == 200
    body = live.content.decode()
    assert 'id="week-totals" hx-swap-oob="true"' in body and "maximum of 10 h per day" in body
    line.refresh_from_db()
    assert line.d1 == 11


def test_a_bad_cell_answers_422_with_the_message_and_saves_nothing(world: World) -> None:
    client = world.client(world.worker)
    timesheet = services.timesheet_open(person=world.worker, week_start=WEEK, by=world.worker.user)
    line = services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task, hours=hours(4))
    live = client.post(reverse("timesheets:line_cell", args=[line.pk]), {"day": "d1", "value": "-3"},
                       HTTP_HX_REQUEST="true")
    assert live.status_code == 422 and "Monday (d1): hours cannot be negative." in live.content.decode()
    line.refresh_from_db()
    assert line.d1 == 4


def test_submitting_a_violating_week_shows_the_rule_on_the_form(world: World) -> None:
    timesheet = services.timesheet_open(person=world.worker, week_start=WEEK, by=world.worker.user)
    services.line_add(timesheet=timesheet, by=world.worker.user, category=Category.SUPPORT, hours=hours(0, 0, 0, 0, 0, 5))
    response = world.client(world.worker).post(reverse("timesheets:submit", args=[timesheet.pk]), {})
    assert response.status_code == 422 and "not a working day" in response.content.decode()


def test_someone_elses_week_is_404_for_an_outsider(world: World) -> None:
    timesheet = submitted_week(world)
    assert world.client(world.outsider).get(reverse("timesheets:detail", args=[timesheet.pk])).status_code == 404
    line = timesheet.lines.first()
    assert line is not None
    response = world.client(world.outsider).post(reverse("timesheets:line_cell", args=[line.pk]), {"day": "d1"})
    assert response.status_code == 404
    manager_page = world.client(world.manager).get(reverse("timesheets:detail", args=[timesheet.pk]))
    assert manager_page.status_code == 200 and "Approve" in manager_page.content.decode()


def test_the_inbox_approves_and_rejects_with_htmx(world: World) -> None:
    timesheet = submitted_week(world)
    line = timesheet.lines.get(category=Category.PROJECT)
    client = world.client(world.pm)
    assert world.task.name in client.get(reverse("timesheets:inbox")).content.decode()
    refused = client.post(reverse("timesheets:reject", args=[line.pk]), {"reason": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422 and "reason" in refused.content.decode()
    done = client.post(reverse("timesheets:approve", args=[line.pk]), HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and "Approved" in done.content.decode()
    assert world.task.name not in world.client(world.outsider).get(reverse("timesheets:inbox")).content.decode()


def test_the_inbox_shows_a_page_of_people_s_weeks_with_the_counts_of_all(world: World, monkeypatch) -> None:
    from projectoffice.timesheets import views

    monkeypatch.setattr(views, "INBOX_PAGE", 1)
    older, newer = WEEK, WEEK + dt.timedelta(weeks=1)
    submitted_week(world, newer)
    submitted_week(world, older)
    client = world.client(world.pm)
    first = client.get(reverse("timesheets:inbox")).content.decode()
    assert "2 lines in 2 weeks" in first and "page 1 of 2" in first
    assert f"week of {older:%-d %b %Y}" in first and f"week of {newer:%-d %b %Y}" not in first
    second = client.get(reverse("timesheets:inbox"), {"page": "2"}).content.decode()
    assert f"week of {newer:%-d %b %Y}" in second and f"week of {older:%-d %b %Y}" not in second
    assert "page 2 of 2" in client.get(reverse("timesheets:inbox"), {"page": "9"}).content.decode()


def test_approvals_are_delegated_from_their_own_page_linked_from_the_inbox(world: World) -> None:
    client = world.client(world.pm)
    page = reverse("timesheets:delegations")
    assert page in client.get(reverse("timesheets:inbox")).content.decode()
    colleague = selectors.delegate_candidates(world.pm).first()
    assert colleague is not None
    assert f'<option value="{colleague.pk}">{colleague}</option>' in client.get(page).content.decode()
    done = client.post(reverse("timesheets:delegation_add"),
                       {"delegate": colleague.pk, "start": "2031-01-06", "end": "2031-01-10"})
    assert done.status_code == 302 and done["Location"] == page
    assert str(colleague) in client.get(reverse("timesheets:inbox")).content.decode()


def test_the_periods_page_belongs_to_the_site_finance_role(world: World) -> None:
    assert world.client(world.worker).get(reverse("timesheets:periods")).status_code == 403
    periods_link = f'href="{reverse("timesheets:periods")}"'
    assert periods_link not in world.client(world.worker).get(week_url()).content.decode()
    assert periods_link in world.client(world.administrator).get(week_url()).content.decode()
    client = world.client(world.administrator)
    assert client.get(reverse("timesheets:periods")).status_code == 200
    client.post(reverse("timesheets:period_close"), {"site": world.site.pk, "month": "2026-03-01"})
    assert Period.objects.get(month=dt.date(2026, 3, 1)).is_closed


def test_the_reminders_page_lists_missing_weeks_in_scope(world: World) -> None:
    page = world.client(world.manager).get(reverse("timesheets:reminders")).content.decode()
    assert "Worker Test" in page and "Missing" in page
    assert "Worker Test" not in world.client(world.outsider).get(reverse("timesheets:reminders")).content.decode()


def test_the_import_page_shows_the_row_report(world: World) -> None:
    csv = ("username,week_start,category,project,task,mon,tue,wed,thu,fri,sat,sun,comment\n"
           f"worker,{WEEK},project,P1,99,1,0,0,0,0,0,0,\n")
    response = world.client(world.pso_manager).post(reverse("timesheets:import"),
                                                    {"file": SimpleUploadedFile("t.csv", csv.encode())})
    assert response.status_code == 422 and "No task “99” in project P1" in response.content.decode()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["week", "inbox", "delegations", "reminders", "periods"])
def test_page_query_counts_do_not_grow_with_the_data(world: World, page: str) -> None:
    person = {"week": world.worker, "inbox": world.pm, "delegations": world.pm, "reminders": world.pso_manager,
              "periods": world.pso_manager}
    client = world.client(person[page])
    draft_week = WEEK + dt.timedelta(weeks=1)
    url = week_url(draft_week) if page == "week" else reverse(f"timesheets:{page}")
    submitted_week(world)
    timesheet = services.timesheet_open(person=world.worker, week_start=draft_week, by=world.worker.user)
    services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task, hours=hours(1, 1))
    small = _count(client, url)
    for category in (Category.SUPPORT, Category.INTERNAL, Category.TRAINING):
        services.line_add(timesheet=timesheet, by=world.worker.user, category=category, hours=hours(1, 1))
    submitted_week(world, WEEK + dt.timedelta(weeks=2))
    assert _count(client, url) == small
