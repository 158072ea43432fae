"""The time API: a week from opening to approval, the scope, bad input, periods, labour rules and CSV import."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projectoffice.timesheets.models import Timesheet, TimesheetLine
from projectoffice.timesheets.tests.conftest import WEEK, World, submitted_week

API = "/api/v1"


def post(client, url: str, body: dict) -> tuple[int, dict]:
    response = client.post(f"{API}{url}", data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json() if response.content else {}


def test_a_week_from_opening_to_approval(world: World) -> None:
    me = world.client(world.worker)
    status, week = post(me, "/timesheets", {"week_start": WEEK.isoformat()})
    assert status == 201 and week["status"] == "draft"
    status, line = post(me, "/timesheet-lines", {"timesheet_id": week["id"], "task_id": world.task.pk,
                                                "d1": "7", "d2": "7", "d3": "7", "d4": "7", "d5": "7"})
    assert status == 201 and float(line["total"]) == 35
    status, week = post(me, f"/timesheets/{week['id']}/submit", {})
    assert status == 200 and week["status"] == "submitted"
    pm = world.client(world.pm)
    inbox = pm.get(f"{API}/approvals").json()
    assert [row["id"] for row in inbox["items"]] == [line["id"]] and inbox["count"] == 1
    status, approved = post(pm, f"/approvals/{line['id']}/approve", {})
    assert status == 200 and approved["status"] == "approved"
    status, body = post(me, f"/approvals/{line['id']}/approve", {})
    assert status == 403 and "own time" in body["detail"]


def test_bad_hours_answer_422_naming_the_field_and_save_nothing(world: World) -> None:
    me = world.client(world.worker)
    _, week = post(me, "/timesheets", {"week_start": WEEK.isoformat()})
    status, body = post(me, "/timesheet-lines", {"timesheet_id": week["id"], "task_id": world.task.pk, "d4": "-2"})
    assert status == 422 and body["field"] == "d4"
    status, body = post(me, "/timesheet-lines", {"timesheet_id": week["id"], "task_id": world.cancelled_task.pk,
                                                 "d1": "2"})
    assert status == 422 and body["field"] == "task" and "cancelled" in body["detail"]
    status, body = post(me, "/timesheets", {"week_start": "2026-03-04"})
    assert status == 422 and body["field"] == "week_start"
    assert not TimesheetLine.objects.exists()


def test_a_labour_rule_violation_answers_422_citing_the_rule(world: World) -> None:
    me = world.client(world.worker)
    _, week = post(me, "/timesheets", {"week_start": WEEK.isoformat()})
    post(me, "/timesheet-lines", {"timesheet_id": week["id"], "task_id": world.task.pk, "d1": "12"})
    status, body = post(me, f"/timesheets/{week['id']}/submit", {})
    assert status == 422 and "10 h per day" in body["detail"]
    status, body = post(world.client(world.pso_manager), f"/timesheets/{week['id']}/override",
                        {"reason": "Outage"})
    assert status == 200 and body["status"] == "submitted"


def test_an_outsider_gets_404_and_sees_no_rows(world: World) -> None:
    timesheet = submitted_week(world)
    line = timesheet.lines.first()
    assert line is not None
    outsider = world.client(world.outsider)
    assert outsider.get(f"{API}/timesheets/{timesheet.pk}").status_code == 404
    assert outsider.get(f"{API}/timesheet-lines/{line.pk}").status_code == 404
    assert post(outsider, f"/approvals/{line.pk}/approve", {})[0] == 404
    assert post(outsider, f"/timesheets/{timesheet.pk}/submit", {})[0] == 404
    assert outsider.get(f"{API}/timesheets?person_id={world.worker.pk}").json()["count"] == 0
    assert outsider.get(f"{API}/timesheet-lines?week_start={WEEK}").json()["count"] == 0
    assert world.client(world.pm).get(f"{API}/timesheet-lines?week_start={WEEK}").json()["count"] == 1
    assert world.client(world.manager).get(f"{API}/timesheet-lines?week_start={WEEK}").json()["count"] == 2
    assert outsider.get(f"{API}/timesheets").json() == {"items": [], "count": 0, "next_page": None}
    assert outsider.get(f"{API}/approvals").json() == {"items": [], "count": 0}
    assert world.client(world.manager).get(f"{API}/timesheets/{timesheet.pk}").status_code == 200


def test_periods_are_closed_by_the_site_finance_role_only(world: World) -> None:
    body = {"site_id": world.site.pk, "month": "2026-03-01"}
    assert post(world.client(world.worker), "/periods/close", body)[0] == 403
    status, period = post(world.client(world.administrator), "/periods/close", body)
    assert status == 200 and period["status"] == "closed"
    status, error = post(world.client(world.pso_manager), "/periods/reopen", body)
    assert status == 422 and error["field"] == "reason"
    listed = world.client(world.pso_manager).get(f"{API}/periods?site_id={world.site.pk}&months=60").json()
    assert {p["month"]: p["status"] for p in listed["items"]}["2026-03-01"] == "closed"


def test_labour_rules_are_read_and_changed_by_the_site_manager(world: World) -> None:
    rules = {r["site_code"]: r for r in world.client(world.pso_manager).get(f"{API}/labour-rules").json()["items"]}
    assert float(rules["W"]["max_hours_per_day"]) == 10 and float(rules["W"]["overtime_threshold_per_week"]) == 35
    response = world.client(world.pso_manager).patch(
        f"{API}/labour-rules/{world.site.pk}", data=json.dumps({"overtime_threshold_per_week": "39",
                                                                 "max_hours_per_day": "9"}),
        content_type="application/json")
    assert response.status_code == 200, response.content
    assert float(response.json()["overtime_threshold_per_week"]) == 39
    assert float(response.json()["max_hours_per_day"]) == 9
    forbidden = world.client(world.worker).patch(f"{API}/labour-rules/{world.site.pk}",
                                                 data=json.dumps({"max_hours_per_day": "20"}),
                                                 content_type="application/json")
    assert forbidden.status_code == 403


CSV_HEADER = "username,week_start,category,project,task,mon,tue,wed,thu,fri,sat,sun,comment\n"


def test_the_csv_import_is_all_or_nothing_with_a_row_by_row_report(world: World) -> None:
    bad = (CSV_HEADER + f"worker,{WEEK},project,P1,2,7,7,7,7,7,0,0,ok\n"
           f"worker,{WEEK},project,P2,1,1,0,0,0,0,0,0,cancelled\n"
           f"worker,{WEEK},training,,,-1,0,0,0,0,0,0,\n"
           f"nobody,{WEEK},leave,,,7,0,0,0,0,0,0,\n")
    client = world.client(world.pso_manager)
    response = client.post(f"{API}/timesheet-imports", {"file": SimpleUploadedFile("t.csv", bad.encode())})
    assert response.status_code == 422
    errors = [(e["row"], e["field"]) for e in response.json()["errors"]]
    assert errors == [(3, "task"), (4, "mon"), (5, "username")]
    assert not TimesheetLine.objects.exists() and not Timesheet.objects.exists()
    good = CSV_HEADER + f"worker,{WEEK},project,P1,1.2,7,7,7,7,7,0,0,\nworker,{WEEK},leave,,,0,0,0,0,0,0,0,\n"
    response = client.post(f"{API}/timesheet-imports?submit=true",
                           {"file": SimpleUploadedFile("t.csv", good.encode())})
    assert response.status_code == 201, response.content
    assert response.json()["lines_created"] == 2 and response.json()["weeks_submitted"] == 1
    assert Timesheet.objects.get().status == Timesheet.Status.SUBMITTED


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/timesheets/{id}", "/approvals", "/timesheets?person_id={person}",
                                 "/timesheet-lines?person_id={person}"])
def test_query_counts_do_not_grow_with_the_data(world: World, url: str) -> None:
    pm = world.client(world.pm)
    first = submitted_week(world)
    small = _count(pm, API + url.format(id=first.pk, person=world.worker.pk))
    for n in range(1, 5):  # March 2026: no public holiday in France
        submitted_week(world, WEEK + dt.timedelta(weeks=n))
    assert _count(pm, API + url.format(id=first.pk, person=world.worker.pk)) == small


@pytest.mark.parametrize(("method", "url", "body"), [
    ("get", "/timesheets/{week}", None),
    ("post", "/timesheets/{week}/submit", {}),
    ("post", "/timesheets/{week}/override", {"reason": "x"}),
    ("post", "/timesheets/{week}/copy-last-week", {}),
    ("get", "/timesheet-lines/{line}", None),
    ("patch", "/timesheet-lines/{line}", {"d1": "1"}),
    ("delete", "/timesheet-lines/{line}", None),
    ("post", "/timesheet-lines/{line}/correct", {"reason": "x"}),
    ("post", "/approvals/{line}/approve", {}),
    ("post", "/approvals/{line}/reject", {"reason": "x"}),
])
def test_every_endpoint_on_someone_elses_week_answers_404_to_an_outsider(world: World, method: str, url: str,
                                                                       body: dict | None) -> None:
    timesheet = submitted_week(world)
    line = timesheet.lines.get(category="project")
    client = world.client(world.outsider)
    response = getattr(client, method)(API + url.format(week=timesheet.pk, line=line.pk),
                                       data=json.dumps(body) if body is not None else None,
                                       content_type="application/json")
    assert response.status_code == 404
    line.refresh_from_db()
    assert line.status == TimesheetLine.Status.SUBMITTED and TimesheetLine.objects.count() == 2


def test_the_lists_of_weeks_and_lines_come_by_pages_without_a_filter(world: World) -> None:
    for offset in range(3):
        submitted_week(world, week=WEEK - dt.timedelta(weeks=offset))
    manager = world.client(world.manager)
    first = manager.get(f"{API}/timesheets?page_size=2").json()
    assert (len(first["items"]), first["count"], first["next_page"]) == (2, 3, 2)
    last = manager.get(f"{API}/timesheets?page_size=2&page=2").json()
    assert (len(last["items"]), last["count"], last["next_page"]) == (1, 3, None)
    weeks = [row["week_start"] for row in first["items"] + last["items"]]
    assert weeks == sorted(weeks, reverse=True) and len(set(weeks)) == 3
    lines = manager.get(f"{API}/timesheet-lines?page_size=1000").json()
    assert lines["count"] == len(lines["items"]) == TimesheetLine.objects.count()
    assert manager.get(f"{API}/timesheet-lines?page_size=1001").status_code == 422


def test_a_count_above_the_cap_is_null_and_the_next_page_still_given(world: World, monkeypatch) -> None:
    from projectoffice.timesheets import pagination

    for offset in range(3):
        submitted_week(world, week=WEEK - dt.timedelta(weeks=offset))
    monkeypatch.setattr(pagination, "COUNT_CAP", 2)
    page = world.client(world.manager).get(f"{API}/timesheets?page_size=1").json()
    assert (page["count"], page["next_page"]) == (None, 2)
