"""The Excel WBS: export, import of the same layout (all or nothing, errors by row and column), MS Project's
duration and predecessor texts, and the milestones feed (RFC 5545)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from projectoffice.core.errors import ApplicationError
from projectoffice.projects.interchange.calendar_feed import milestones_ics
from projectoffice.projects.interchange.mspdi_import import mspdi_import
from projectoffice.projects.interchange.new_project import NewProject
from projectoffice.projects.interchange.wbs_sheet import (
    COLUMNS,
    Predecessor,
    duration_text,
    parse_duration,
    parse_predecessors,
    predecessor_text,
)
from projectoffice.projects.interchange.xlsx_export import xlsx_export
from projectoffice.projects.interchange.xlsx_import import xlsx_import
from projectoffice.projects.models import Project, Task, TaskLink
from projectoffice.projects.tests.test_interchange_roundtrip import shared_mspdi

LINKS_FILE = "generated/task-links/task-links-project2013-mspdi.xml"


@pytest.fixture
def project(org: Any) -> Project:
    made, _ = mspdi_import(data=(shared_mspdi() / LINKS_FILE).read_bytes(), source="links.xml", by=None,
                           new=NewProject(code="XL", business_line=org.units["RAN"], lead_site=org.sites["W"]))
    return made


def plan_of(project: Project) -> tuple[list[tuple], set[tuple]]:
    tasks = list(Task.objects.filter(project=project).order_by("sort_index").values_list(
        "uid", "name", "outline_level", "duration_minutes", "is_milestone"))
    links = set(TaskLink.objects.filter(project=project).values_list("predecessor__uid", "successor__uid", "type",
                                                                       "lag", "lag_kind"))
    return tasks, links


def sheet(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    active = book.active
    assert active is not None
    active.title = "WBS"
    active.append(list(COLUMNS))
    for row in rows:
        active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_export_lists_the_wbs_with_ms_project_texts(project: Project) -> None:
    rows = list(load_workbook(io.BytesIO(xlsx_export(project=project)))["WBS"].iter_rows(values_only=True))
    assert rows[0] == COLUMNS and len(rows) == project.tasks.count() + 1
    by_name = {r[3]: r for r in rows[1:]}
    assert by_name["Task 2"][5] == "1d"
    assert any(r[8] and "FS+1d" in r[8] for r in rows[1:])


def test_an_exported_sheet_imports_back_as_the_same_plan(org: Any, project: Project) -> None:
    before = plan_of(project)
    data = xlsx_export(project=project)
    _, report = xlsx_import(data=data, source="wbs.xlsx", by=org.user("pmo-manager"), project=project)
    assert plan_of(project) == before
    assert report.mapped["tasks"] == len(before[0]) and report.recomputed


def test_days_in_the_sheet_are_the_projects_working_days(org: Any, project: Project) -> None:
    project.minutes_per_day = 450  # a 7.5 h day
    project.save(update_fields=["minutes_per_day"])
    data = sheet([[1, 1, "1", "Design", 1, "2d", None, None, "", "", "", None, 0],
                  [2, 2, "2", "Build", 1, "1w", None, None, "1FS+1d", "", "", None, 0]])
    xlsx_import(data=data, source="wbs.xlsx", by=org.user("pmo-manager"), project=project)
    tasks, links = plan_of(project)
    assert [t[3] for t in tasks] == [900, 2250]
    assert {(lag, kind) for *_, lag, kind in links} == {(450, "working")}
    rows = list(load_workbook(io.BytesIO(xlsx_export(project=project)))["WBS"].iter_rows(values_only=True))
    assert [r[5] for r in rows[1:]] == ["2d", "5d"] and rows[2][8] == "1FS+1d"


def test_every_bad_cell_is_named_and_nothing_changes(org: Any, project: Project) -> None:
    before = plan_of(project)
    data = sheet([
        [1, None, "1", "Phase", 1, "2d", None, None, "", "", "", None, 0],
        [2, None, "1.1", "Dig", 2, "two days", None, None, "", "", "", None, 0],
        [3, None, "1.2", "", 2, "1d", None, None, "9FS", "", "", None, 150],
        [4, None, "1.3", "Pour", 4, "1d", None, None, "2XX", "", "SNET", None, 0],
    ])
    with pytest.raises(ApplicationError) as caught:
        xlsx_import(data=data, source="bad.xlsx", by=None, project=project)
    errors = caught.value.errors
    assert set(errors) >= {"row 3, Duration", "row 4, Name", "row 4, Predecessors", "row 4, % complete",
                           "row 5, Level", "row 5, Predecessors", "row 5, Constraint date"}
    assert "row 3, Duration" in caught.value.message
    assert plan_of(project) == before


def test_a_cycle_in_the_sheet_is_refused(project: Project) -> None:
    data = sheet([[1, None, "", "A", 1, "1d", None, None, "2", "", "", None, 0],
                  [2, None, "", "B", 1, "1d", None, None, "1", "", "", None, 0]])
    with pytest.raises(ApplicationError, match="cycle"):
        xlsx_import(data=data, source="loop.xlsx", by=None, project=project)


def test_a_file_that_is_not_a_workbook_is_refused(project: Project) -> None:
    with pytest.raises(ApplicationError, match="Not an Excel workbook"):
        xlsx_import(data=b"PK\x03\x04 broken", source="x.xlsx", by=None, project=project)


def test_sheet_resources_match_the_pool_and_assign(org: Any, project: Project) -> None:
    data = sheet([[1, None, "", "Design", 1, "3d", None, None, "", "Ana[50%]; Bob", "", None, 0]])
    _, report = xlsx_import(data=data, source="r.xlsx", by=None, project=project)
    assert report.mapped["resources_created"] == 2
    assert sorted(project.assignments.values_list("resource__name", "units")) == [("Ana", 0.5), ("Bob", 1)]


@pytest.mark.parametrize(("text", "minutes", "elapsed"), [("5d", 2400, False), ("4h", 240, False),
                                                           ("2ed", 2880, True), ("1.5w", 3600, False),
                                                           ("0d", 0, False), ("30m", 30, False)])
def test_durations_read_as_ms_project_writes_them(text: str, minutes: int, elapsed: bool) -> None:
    assert parse_duration(text) == (minutes, elapsed)


@given(minutes=st.integers(0, 480 * 400), elapsed=st.booleans())
def test_a_duration_text_reads_back_to_the_same_minutes(minutes: int, elapsed: bool) -> None:
    assert parse_duration(duration_text(minutes, elapsed)) == (minutes, elapsed)


@given(row=st.integers(1, 9999), kind=st.sampled_from(["FS", "SS", "FF", "SF"]),
       lag=st.integers(-4800, 4800), lag_kind=st.sampled_from(["working", "elapsed", "percent"]))
def test_a_predecessor_text_reads_back_to_the_same_link(row: int, kind: str, lag: int, lag_kind: str) -> None:
    item = Predecessor(row, kind, lag, lag_kind if lag else "working")
    assert parse_predecessors(predecessor_text(item)) == [item]


def test_the_milestones_feed_follows_rfc_5545(project: Project) -> None:
    Task.objects.filter(project=project, uid=2).update(
        is_milestone=True, name="Design review; go/no-go, with a long name " + "x" * 60)
    text = milestones_ics(project=project)
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:XL: Design review\\; go/no-go\\, with a long name" in unfolded
    events = unfolded.count("BEGIN:VEVENT")
    assert events == Task.objects.filter(project=project, is_milestone=True, finish__isnull=False).count() >= 1
    assert unfolded.count("DTSTART;VALUE=DATE:") == events
