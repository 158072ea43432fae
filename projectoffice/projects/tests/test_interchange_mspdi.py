"""MSPDI import and export through the service, the command and bad input (nothing saved on refusal)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.engine.formats import mspdi as engine_mspdi
from projectoffice.engine.formats.mspdi import parse_mspdi
from projectoffice.engine.formats.mspdi_write import write_mspdi
from projectoffice.engine.network import Link, LinkType, Network, Task
from projectoffice.projects.interchange.mspdi_export import mspdi_export
from projectoffice.projects.interchange.mspdi_import import mspdi_import
from projectoffice.projects.interchange.new_project import NewProject
from projectoffice.projects.interchange.services import plan_import
from projectoffice.projects.models import Baseline, Project, ProjectCalendar, Resource, TaskLink
from projectoffice.projects.models import Task as TaskRow
from projectoffice.projects.tests.test_interchange_roundtrip import shared_mspdi

START = dt.datetime(2026, 3, 2, 8)


def small_plan(*, links: tuple[Link, ...] = (Link(1, 2), Link(2, 3, LinkType.SS, 240))) -> bytes:
    tasks = (Task(1, "Design", 960), Task(2, "Build", 2400), Task(3, "Ship", 0))
    return write_mspdi(Network(tasks=tasks, links=links, start=START), name="Small plan")


def new(org: Any, code: str = "IMP") -> NewProject:
    return NewProject(code=code, business_line=org.units["RAN"], lead_site=org.sites["W"])


def refused(org: Any, data: bytes, match: str) -> None:
    before = (Project.objects.count(), TaskRow.objects.count())
    with pytest.raises(ApplicationError, match=match) as caught:
        mspdi_import(data=data, source="bad.xml", by=None, new=new(org))
    assert caught.value.field == "file"
    assert (Project.objects.count(), TaskRow.objects.count()) == before


def test_it_imports_a_file_into_a_new_project_and_recomputes_it(org: Any) -> None:
    project, report = mspdi_import(data=small_plan(), source="small.xml", by=org.user("pmo-manager"), new=new(org))
    tasks = {t.uid: t for t in project.tasks.all()}
    assert [tasks[u].name for u in (1, 2, 3)] == ["Design", "Build", "Ship"]
    assert tasks[3].is_milestone and tasks[2].duration_minutes == 2400
    link = TaskLink.objects.get(project=project, successor=tasks[3])
    assert (link.predecessor.uid, link.type, link.lag) == (2, "SS", 240)
    assert report.created_project and report.recomputed and report.mapped["tasks"] == 3
    # Design takes two days from Monday 8:00 (Paris), so Build starts on Wednesday at 8:00
    assert tasks[2].start == dt.datetime(2026, 3, 4, 7, tzinfo=dt.UTC)


def test_it_stores_calendars_as_engine_definitions(org: Any) -> None:
    data = (shared_mspdi() / "generated/calendar-calendars/calendar-calendars-project2013-mspdi.xml").read_bytes()
    project, _ = mspdi_import(data=data, source="calendars.xml", by=None, new=new(org))
    calendars = {c.name: c for c in ProjectCalendar.objects.filter(project=project)}
    read = parse_mspdi(data).network.calendars
    assert set(calendars) == set(read)
    standard = calendars["Standard"].definition
    assert len(standard["week"]) == 7 and standard["week"][0] == [[480, 720], [780, 1020]]
    assert project.calendar is not None and project.calendar.name == parse_mspdi(data).network.calendar
    derived = [c for c in calendars.values() if c.parent_id]
    assert derived and all(c.parent is not None and c.parent.name in calendars for c in derived)


def test_its_report_counts_custom_fields_and_other_elements_not_kept(org: Any) -> None:
    data = (shared_mspdi() / "enterprise.xml").read_bytes()
    _, report = mspdi_import(data=data, source="enterprise.xml", by=None, new=new(org))
    custom = next(item for item in report.not_kept if item.where == "Task.ExtendedAttribute")
    assert custom.reason == "custom field" and custom.count == 142 and custom.examples[0].startswith("field ")
    assert any(line.startswith("Not kept: Task.ExtendedAttribute") for line in report.lines())


def test_it_keeps_baselines_resources_and_assignments(org: Any) -> None:
    data = (shared_mspdi() / "baselines.xml").read_bytes()
    project, report = mspdi_import(data=data, source="baselines.xml", by=None, new=new(org))
    assert sorted(Baseline.objects.filter(project=project).values_list("number", flat=True)) == list(range(1, 11))
    row = Baseline.objects.get(project=project, number=3).tasks.get()
    assert (row.duration_minutes, row.work_minutes, str(row.cost)) == (3 * 450, 180, "3.00")
    assert Resource.objects.filter(company=org.company, name="Resource One").exists()
    path = shared_mspdi() / "generated/assignment-assignments/assignment-assignments-project2013-mspdi.xml"
    project, report = mspdi_import(data=path.read_bytes(), source="a.xml", by=None, new=new(org, "ASSIGN"))
    assert report.mapped["assignments"] == project.assignments.count() == 3


def test_it_matches_pool_resources_by_name_instead_of_duplicating_them(org: Any) -> None:
    data = (shared_mspdi() / "generated/assignment-assignments/assignment-assignments-project2013-mspdi.xml")
    mspdi_import(data=data.read_bytes(), source="a.xml", by=None, new=new(org, "ONE"))
    pool = Resource.objects.filter(company=org.company).count()
    _, report = mspdi_import(data=data.read_bytes(), source="a.xml", by=None, new=new(org, "TWO"))
    assert Resource.objects.filter(company=org.company).count() == pool
    assert report.mapped["resources_created"] == 0 and report.mapped["resources_matched"] == 3


def test_it_replaces_the_plan_of_an_existing_project(org: Any) -> None:
    project, _ = mspdi_import(data=small_plan(), source="small.xml", by=None, new=new(org))
    version = Project.objects.get(pk=project.pk).version
    data = (shared_mspdi() / "generated/task-links/task-links-project2013-mspdi.xml").read_bytes()
    again, report = mspdi_import(data=data, source="links.xml", by=org.user("pmo-manager"),
                                 project=Project.objects.get(pk=project.pk), expected_version=version)
    assert again.pk == project.pk and not report.created_project
    assert TaskRow.objects.filter(project=project).count() == len(parse_mspdi(data).network.tasks) - 1
    assert not TaskRow.objects.filter(project=project, name="Design").exists()


def test_a_stale_version_is_refused_and_the_plan_kept(org: Any) -> None:
    project, _ = mspdi_import(data=small_plan(), source="small.xml", by=None, new=new(org))
    with pytest.raises(ApplicationError) as caught:
        mspdi_import(data=small_plan(links=()), source="s.xml", by=None, project=project, expected_version=0)
    assert caught.value.status == 409
    assert TaskLink.objects.filter(project=project).count() == 2


def test_a_failure_midway_leaves_nothing_behind(org: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    project, _ = mspdi_import(data=small_plan(), source="small.xml", by=None, new=new(org))

    def broken(*args: Any, **kwargs: Any) -> int:
        raise ApplicationError("disk full")

    monkeypatch.setattr("projectoffice.projects.interchange.mspdi_import.write_baselines", broken)
    data = (shared_mspdi() / "generated/task-links/task-links-project2013-mspdi.xml").read_bytes()
    with pytest.raises(ApplicationError):
        mspdi_import(data=data, source="links.xml", by=None, project=Project.objects.get(pk=project.pk))
    assert sorted(TaskRow.objects.filter(project=project).values_list("name", flat=True)) == ["Build", "Design",
                                                                                               "Ship"]


def test_only_those_who_may_edit_import(org: Any) -> None:
    with pytest.raises(PermissionDenied):
        mspdi_import(data=small_plan(), source="s.xml", by=org.user("team-member"), new=new(org))
    project, _ = mspdi_import(data=small_plan(), source="s.xml", by=None, new=new(org))
    with pytest.raises(PermissionDenied):
        mspdi_import(data=small_plan(), source="s.xml", by=org.user("outsider"), project=project)
    assert TaskRow.objects.filter(project=project).count() == 3


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Project><Name>&lol3;</Name><Tasks/></Project>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Project><Name>&x;</Name><Tasks/></Project>"""


@pytest.mark.parametrize(("data", "match"), [
    (BILLION_LAUGHS, "declares the entity “lol”; entity declarations are refused for safety"),
    (EXTERNAL, "declares the entity “x”; entity declarations are refused"),
    (b"<Project><Tasks><Task><UID>1</UID>", "Not a readable XML file"),
    (b"<Schedule/>", "Not an MS Project XML"),
    (b"<Project><Tasks/></Project>", "needs a start date"),
    (b"<Project><StartDate>2026-03-02T08:00:00</StartDate><Tasks/></Project>", "no task"),
])
def test_it_refuses_hostile_or_malformed_xml(org: Any, data: bytes, match: str) -> None:
    refused(org, data, match)


def test_it_refuses_a_file_over_the_size_limit(org: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_mspdi, "MAX_BYTES", 1000)
    refused(org, small_plan(), "larger than")


def test_it_refuses_cycles_naming_the_tasks(org: Any) -> None:
    refused(org, small_plan(links=(Link(1, 2), Link(2, 3), Link(3, 1))), r"cycle: .*\(Design\)")


def test_it_refuses_links_to_missing_tasks_and_unknown_calendars(org: Any) -> None:
    data = small_plan().replace(b"<PredecessorUID>1</PredecessorUID>", b"<PredecessorUID>99</PredecessorUID>")
    refused(org, data, "linked to task UID 99")
    data = small_plan().replace(b"<CalendarUID>-1</CalendarUID>", b"<CalendarUID>42</CalendarUID>", 1)
    refused(org, data, "calendar UID 42")


def test_the_export_reads_back_as_the_same_plan(org: Any) -> None:
    data = (shared_mspdi() / "generated/task-links/task-links-project2013-mspdi.xml").read_bytes()
    project, _ = mspdi_import(data=data, source="links.xml", by=None, new=new(org))
    before, after = parse_mspdi(data).network, parse_mspdi(mspdi_export(project=project)).network
    assert {(k.predecessor, k.successor, k.type, k.lag) for k in before.links} == {
        (k.predecessor, k.successor, k.type, k.lag) for k in after.links}
    assert {t.uid: t.duration for t in before.tasks if t.uid} == {t.uid: t.duration for t in after.tasks}


@pytest.mark.slow  # starts the JVM and reads binary .mpp files with MPXJ
def test_mpp_files_import_through_mpxj(org: Any) -> None:
    files = sorted((shared_mspdi() / "generated/task-links").glob("*.mpp"))[-3:]
    assert files, "no .mpp file in the shared folder"
    for number, path in enumerate(files):
        project, report = plan_import(data=path.read_bytes(), source=path.name, by=None, new=new(org, f"MPP{number}"))
        assert "read by MPXJ" in report.source and project.tasks.count() == report.mapped["tasks"] > 0


def test_garbage_that_is_not_xml_is_refused_by_mpxj(org: Any) -> None:
    with pytest.raises(ApplicationError) as caught:
        plan_import(data=b"\x00\x01 not a plan", source="x.mpp", by=None, new=new(org))
    assert caught.value.field == "file" and not Project.objects.filter(code="IMP").exists()


def test_the_command_imports_and_exports(org: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = shared_mspdi() / "generated/task-links/task-links-project2013-mspdi.xml"
    call_command("mspdi", "import", str(source), "--business-line", "RAN", "--site", "W", "--code", "CMD",
                 "--company", "GLOBEX")
    assert "→ project CMD (new)" in capsys.readouterr().out
    out = tmp_path / "out.xml"
    call_command("mspdi", "export", "CMD", str(out))
    assert len(parse_mspdi(out.read_bytes()).network.tasks) == Project.objects.get(code="CMD").tasks.count()
    call_command("mspdi", "import", str(out), "--project", "CMD", "--json")
    assert '"created_project": false' in capsys.readouterr().out
    with pytest.raises(CommandError, match="No project NOPE"):
        call_command("mspdi", "export", "NOPE", str(out))
    with pytest.raises(CommandError, match="file: Not a readable XML"):
        bad = tmp_path / "bad.xml"
        bad.write_bytes(BILLION_LAUGHS)
        call_command("mspdi", "import", str(bad), "--project", "CMD")
