"""MSPDI reading and writing, and the comparison with the dates MS Project itself saved in the shared files."""

import os
from datetime import datetime
from pathlib import Path

import pytest

from projectoffice.engine.errors import FormatError
from projectoffice.engine.formats.mspdi import duration_minutes, parse_mspdi, read_mspdi
from projectoffice.engine.formats.mspdi_write import write_mspdi
from projectoffice.engine.network import LinkType
from projectoffice.engine.schedule import schedule

SHARED = Path(os.environ.get("PROJECTOFFICE_SHARED_DATA", Path(__file__).resolve().parents[3] / ".." / "shared" / "data"))
MSPDI = SHARED / "mspdi"
# The ratchet: what the engine reached on the shared files (see docs/engine/scheduling.md for the rest).
MATCHED_STARTS, MATCHED_FINISHES, COMPARED = 1365, 1363, 1365


def mspdi_files() -> list[Path]:
    assert MSPDI.is_dir(), f"Shared MSPDI data missing at {MSPDI} (set PROJECTOFFICE_SHARED_DATA)."
    files = sorted(p for p in MSPDI.rglob("*.xml") if "not_mspdi_primavera_p6" not in p.parts)
    assert files, f"No MSPDI files under {MSPDI}."
    return files


def _minute(moment):
    """MS Project keeps seconds of fractional durations; the comparison is to the minute, as the engine's."""
    return moment.replace(second=0)


def test_durations_are_read_in_minutes():
    assert duration_minutes("PT8H0M0S") == 480
    assert duration_minutes("PT138H53M18S") == 138 * 60 + 53
    assert duration_minutes("-PT4H30M0S") == -270
    assert duration_minutes("P1DT2H") == 26 * 60


def test_a_negative_time_field_written_by_ms_project_is_read_as_zero():
    project = parse_mspdi(b"<Project><StartDate>2008-12-04T08:00:00</StartDate><Tasks><Task><UID>1</UID>"
                          b"<Name>A</Name><Duration>PT8H0M0S</Duration><Deadline>2008-12-04T17:-0:00</Deadline>"
                          b"</Task></Tasks></Project>")
    assert project.network.tasks[0].deadline == datetime(2008, 12, 4, 17, 0)


def test_split_tasks_and_resource_calendars_drive_the_dates():
    project = read_mspdi(MSPDI / "mspdisplittask.xml")
    assert all(t.pause == 3 * 480 or t.pause == 5 * 480 for t in project.network.tasks if t.duration)
    timephased = read_mspdi(MSPDI / "mspditimephased.xml")
    night = next(t for t in timephased.network.tasks if t.name == "Task 1 - Night Shift")
    assert night.drivers and night.drivers[0].calendar != timephased.network.calendar


def test_a_file_with_entities_is_refused():
    with pytest.raises(FormatError, match=r"declares the entity .*refused for safety"):
        parse_mspdi(b'<!DOCTYPE p [<!ENTITY a "aaaa">]><Project><Tasks>&a;</Tasks></Project>')


def test_a_file_that_is_not_mspdi_is_refused():
    with pytest.raises(FormatError, match="MSPDI"):
        parse_mspdi(b"<APIBusinessObjects><Project/></APIBusinessObjects>")
    with pytest.raises(FormatError):
        parse_mspdi(b"<Project><Tasks>")


def test_links_lags_calendars_and_outline_are_read():
    project = read_mspdi(MSPDI / "generated/task-links/task-links-project2013-mspdi.xml")
    network = project.network
    assert {link.type for link in network.links} == set(LinkType)
    assert any(link.lag for link in network.links)
    assert network.calendar in network.calendars
    assert project.stored[0].summary and any(t.parent == 0 for t in network.tasks)


def test_resources_assignments_and_baselines_are_read():
    assignments = read_mspdi(MSPDI / "generated/assignment-assignments/assignment-assignments-project2013-mspdi.xml")
    assert assignments.resources and assignments.assignments
    assert all(a.task in {t.uid for t in assignments.network.tasks} for a in assignments.assignments)
    baselines = read_mspdi(MSPDI / "generated/task-baselines/task-baselines-project2013-mspdi.xml")
    assert {b.number for b in baselines.baselines} >= {0, 1}


def test_recurring_calendar_exceptions_are_expanded():
    project = read_mspdi(MSPDI / "generated/calendar-recurring-exceptions/calendar-recurring-exceptions-project2013-mspdi.xml")
    exceptions = [e for c in project.network.calendars.values() for e in c.exceptions if e.recurrence]
    monthly = next(e for e in exceptions if e.name == "Monthly Relative 2")
    assert [d.isoformat() for d in monthly.dates()] == ["2002-01-08", "2002-04-09", "2002-07-09", "2002-10-08"]


def test_writing_then_reading_gives_the_same_schedule():
    project = read_mspdi(MSPDI / "generated/task-links/task-links-project2013-mspdi.xml")
    first = schedule(project.network)
    again = parse_mspdi(write_mspdi(project.network, result=first, resources=project.resources,
                                    assignments=project.assignments))
    assert [(t.uid, t.start, t.finish) for t in schedule(again.network).tasks()] == [
        (t.uid, t.start, t.finish) for t in first.tasks()]


@pytest.mark.slow
def test_the_engine_reproduces_ms_project_on_the_shared_files():
    """Every auto-scheduled task of every shared MSPDI file, against the Start/Finish MS Project saved."""
    starts = finishes = compared = 0
    for path in mspdi_files():
        project = read_mspdi(path)
        result = schedule(project.network)
        auto = [u for u, s in project.stored.items() if not s.summary and not s.manual and s.start]
        same_start = sum(result.task(u).start == _minute(project.stored[u].start) for u in auto)
        same_finish = sum(result.task(u).finish == _minute(project.stored[u].finish) for u in auto)
        starts, finishes, compared = starts + same_start, finishes + same_finish, compared + len(auto)
        if auto:
            print(f"{path.relative_to(MSPDI)}: starts {same_start}/{len(auto)}, finishes {same_finish}/{len(auto)}")
    print(f"TOTAL starts {starts}/{compared}, finishes {finishes}/{compared}")
    assert compared == COMPARED
    assert starts >= MATCHED_STARTS
    assert finishes >= MATCHED_FINISHES


def test_the_written_project_calendar_is_the_networks_own_with_its_holidays():
    from projectoffice.engine.calendars import site_calendar
    from projectoffice.engine.network import Network, Task

    site = site_calendar("FR", years=[2026], name="Lyon")
    network = Network(tasks=(Task(1, "A", duration=960),), start=datetime(2026, 4, 3, 8, 0),
                      calendars={"Lyon": site}, calendar="Lyon")
    again = parse_mspdi(write_mspdi(network)).network
    assert again.calendar == "Lyon"
    assert schedule(again).task(1).finish == datetime(2026, 4, 7, 17, 0)  # Easter Monday skipped


def test_every_engine_feature_survives_writing_and_reading():
    from projectoffice.engine.calendars import site_calendar
    from projectoffice.engine.network import Constraint, LagKind, Link, Network, Task

    site = site_calendar("DE", "BY", years=[2026], name="Munich")
    tasks = (Task(1, "Phase"), Task(2, "Dig", duration=960, parent=1, calendar="Munich"),
             Task(3, "Cure", duration=2 * 1440, elapsed=True, parent=1),
             Task(4, "Pour", duration=480, parent=1, constraint=Constraint.SNET,
                  constraint_date=datetime(2026, 6, 8, 8, 0), deadline=datetime(2026, 6, 30, 17, 0)),
             Task(5, "Done", parent=1), Task(6, "Late", duration=240, constraint=Constraint.ALAP))
    links = (Link(2, 3, LinkType.FS, -240), Link(3, 4, LinkType.SS, 60, LagKind.ELAPSED),
             Link(4, 5, LinkType.FF), Link(2, 6, LinkType.SF, 50, LagKind.PERCENT))
    network = Network(tasks=tasks, links=links, start=datetime(2026, 6, 1, 8, 0), calendars={"Munich": site})
    first = schedule(network)
    again = schedule(parse_mspdi(write_mspdi(network, result=first)).network)
    assert sorted((t.uid, t.start, t.finish, t.total_slack) for t in again.tasks()) == sorted(
        (t.uid, t.start, t.finish, t.total_slack) for t in first.tasks())
    assert first.task(4).start == datetime(2026, 6, 8, 8, 0)  # the SNET date wins over the links
