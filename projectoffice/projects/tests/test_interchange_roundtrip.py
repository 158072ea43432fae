"""Every MSPDI file of the shared folder imports, and the file we export from it, read back by MPXJ, holds the
same tasks, outline, links, lags, durations, constraints, calendars, resources and assignments as the original
read by MPXJ (the independent reader MS Project users rely on)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from projectoffice.projects.interchange.mpp import ensure_jvm
from projectoffice.projects.interchange.mspdi_export import mspdi_export
from projectoffice.projects.interchange.mspdi_import import mspdi_import
from projectoffice.projects.interchange.new_project import NewProject

CALENDAR_DAYS = 120  # working minutes of every calendar compared day by day over this window


def shared_mspdi() -> Path:
    root = Path(os.environ.get("PROJECTOFFICE_SHARED_DATA", Path(__file__).parents[3] / ".." / "shared" / "data"))
    folder = root / "mspdi"
    assert folder.is_dir(), f"Shared MSPDI files not found at {folder} (set PROJECTOFFICE_SHARED_DATA)."
    return folder


def mspdi_files() -> list[Path]:
    files = sorted(p for p in shared_mspdi().rglob("*.xml") if "not_mspdi_primavera_p6" not in p.parts)
    assert len(files) > 100, f"Expected the 124 shared MSPDI files, found {len(files)}."
    return files


@pytest.fixture(scope="session")
def mpxj() -> Iterator[Any]:
    yield ensure_jvm()


def read_with_mpxj(data: bytes) -> Any:
    import jpype
    from java.io import ByteArrayInputStream
    from org.mpxj.mspdi import MSPDIReader

    return MSPDIReader().read(ByteArrayInputStream(jpype.JArray(jpype.JByte)(data)))


def _minutes(duration: Any, properties: Any) -> float | str | None:
    from org.mpxj import TimeUnit

    if duration is None:
        return None
    if str(duration.getUnits()) in ("PERCENT", "ELAPSED_PERCENT"):
        return f"{duration.getDuration():g}%"
    # Project Office keeps whole minutes; three shared files hold durations with seconds (3428.4 minutes)
    return round(duration.convertUnits(TimeUnit.MINUTES, properties).getDuration())


def _kept(task: Any) -> bool:
    """The tasks a plan keeps: not the project summary (UID 0), not empty rows, not inactive ones."""
    return task.getUniqueID() is not None and int(task.getUniqueID()) != 0 and not task.getNull() and (
        task.getActive() is None or bool(task.getActive()))


def _calendar_names(project: Any) -> dict[int, str]:
    calendars = list(project.getCalendars())
    names = [str(c.getName() or f"Calendar {c.getUniqueID()}") for c in calendars]
    return {int(c.getUniqueID()): n if names.count(n) == 1 else f"{n} #{c.getUniqueID()}"
            for c, n in zip(calendars, names, strict=True)}


def facts(project: Any) -> dict[str, Any]:
    """What must survive the round trip, as plain Python values keyed independently of row numbers."""
    props = project.getProjectProperties()
    tasks = [t for t in project.getTasks() if _kept(t)]
    kept = {int(t.getUniqueID()) for t in tasks}
    parent = {int(t.getUniqueID()): (int(t.getParentTask().getUniqueID()) if t.getParentTask() is not None
                                     and int(t.getParentTask().getUniqueID()) in kept else None) for t in tasks}
    leaves = [t for t in tasks if not t.getSummary()]
    resources = {int(r.getUniqueID()): str(r.getName()) for r in project.getResources()
                 if r.getUniqueID() is not None and r.getName()}
    assignments = {(int(a.getTask().getUniqueID()), resources[int(a.getResource().getUniqueID())],
                    round(float(a.getUnits() or 100), 1), _minutes(a.getWork(), props))
                   for a in project.getResourceAssignments()
                   if a.getResource() is not None and int(a.getResource().getUniqueID()) in resources
                   and int(a.getTask().getUniqueID()) in kept}
    assigned = {name for _, name, _, _ in assignments}
    # a resource belongs to the plan through an assignment or its own calendar (a pool resource has no project)
    in_plan = assigned | {str(r.getName()) for r in project.getResources() if r.getName() and r.getCalendar()
                          is not None and str(r.getCalendar().getName()) == str(r.getName())}
    start = dt.date.fromisoformat(str(props.getStartDate())[:10])
    return {
        "tasks": {int(t.getUniqueID()): str(t.getName() or "") for t in tasks},
        "outline": [(int(t.getUniqueID()), parent[int(t.getUniqueID())]) for t in tasks],
        "links": {(int(r.getPredecessorTask().getUniqueID()), int(r.getSuccessorTask().getUniqueID()),
                   str(r.getType()), _minutes(r.getLag(), props)) for t in tasks for r in t.getPredecessors()
                  if int(r.getPredecessorTask().getUniqueID()) in kept},
        "durations": {int(t.getUniqueID()): _minutes(t.getDuration(), props) for t in leaves},
        "constraints": {int(t.getUniqueID()): (str(t.getConstraintType() or "AS_SOON_AS_POSSIBLE"),
                                               str(t.getConstraintDate())[:16] if t.getConstraintDate() else None)
                        for t in leaves},
        "calendars": _calendars(project, start, in_plan),
        "resources": {(str(r.getName()), str(r.getType())) for r in project.getResources()
                      if r.getName() and str(r.getName()) in in_plan},
        "assignments": assignments,
    }


def _calendars(project: Any, start: dt.date, assigned: set[str]) -> dict[str, list[float]]:
    """Working minutes per day of the base calendars and of the calendars of the plan's resources."""
    from java.time import LocalDate
    from org.mpxj import TimeUnit

    names = _calendar_names(project)
    days = [start + dt.timedelta(days=i) for i in range(-7, CALENDAR_DAYS)]
    owners = {int(r.getCalendar().getUniqueID()): str(r.getName()) for r in project.getResources()
              if r.getCalendar() is not None and r.getName()}
    out = {}
    for calendar in project.getCalendars():
        owner = owners.get(int(calendar.getUniqueID()))
        if owner is not None and owner not in assigned:
            continue
        work = [calendar.getWork(LocalDate.of(d.year, d.month, d.day), TimeUnit.MINUTES).getDuration() for d in days]
        out[names[int(calendar.getUniqueID())]] = [round(float(m), 1) for m in work]
    return out


def dangling_calendars(data: bytes) -> set[str]:
    """Calendars built on a base the file does not hold (``BaseCalendarUID`` -65533 on a budget resource): MPXJ
    reads them as never working, Project Office as the standard week; neither is MS Project's word, so they are
    left out of the comparison (docs/interchange.md)."""
    from projectoffice.engine.formats.mspdi import mspdi_root

    root = mspdi_root(data)
    uids = {c.findtext("UID") for c in root.findall("Calendars/Calendar")}
    return {c.findtext("Name") or "" for c in root.findall("Calendars/Calendar")
            if c.findtext("IsBaseCalendar") not in ("1", "true") and c.findtext("BaseCalendarUID") not in (None, "-1", *uids)}


def differences(before: dict[str, Any], after: dict[str, Any], skip: frozenset[str] | set[str] = frozenset()) -> list[str]:
    out = []
    for key in ("tasks", "outline", "links", "durations", "constraints", "resources", "assignments"):
        if before[key] != after[key]:
            out.append(f"{key}: {_delta(before[key], after[key])}")
    missing = {n: h for n, h in before["calendars"].items() if after["calendars"].get(n) != h and n not in skip}
    if missing:
        out.append(f"calendars differ: {sorted(missing)[:3]}")
    return out


def _delta(before: Any, after: Any) -> str:
    if isinstance(before, set):
        return f"lost {sorted(before - after, key=str)[:3]}, gained {sorted(after - before, key=str)[:3]}"
    if isinstance(before, dict):
        keys = [k for k in before.keys() | after.keys() if before.get(k) != after.get(k)]
        return "; ".join(f"{k}: {before.get(k)!r} → {after.get(k)!r}" for k in sorted(keys, key=str)[:3])
    return f"{before[:4]!r} … → {after[:4]!r} …"


def round_trip(org: Any, path: Path, number: int) -> list[str]:
    data = path.read_bytes()
    try:
        project, report = mspdi_import(data=data, source=path.name, by=None, new=NewProject(
            code=f"RT{number}", business_line=org.units["RAN"], lead_site=org.sites["W"]))
    except Exception as exc:  # every file must import: collect them all, then fail naming each
        return [f"{path.name}: import failed: {exc}"]
    assert report.mapped["tasks"] == project.tasks.count()
    gaps = differences(facts(read_with_mpxj(data)), facts(read_with_mpxj(mspdi_export(project=project))),
                       dangling_calendars(data))
    return [f"{path.relative_to(shared_mspdi())}: {gap}" for gap in gaps]


@pytest.mark.slow
def test_every_shared_mspdi_file_imports_and_round_trips_through_mpxj(org: Any, mpxj: Any) -> None:
    failures = []
    for number, path in enumerate(mspdi_files()):
        with transaction.atomic():  # each file meets an empty resource pool: rolled back after the comparison
            failures += round_trip(org, path, number)
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)
