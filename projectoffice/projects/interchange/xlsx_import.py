"""Import of the Excel WBS layout (``xlsx_export``'s) over a project's plan: all or nothing, every bad cell named
by row and column. The sheet carries no calendars: the project keeps its own. Start and Finish are outputs (the
recompute sets them); dated constraints pin tasks where needed, as in MS Project."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zoneinfo
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from openpyxl import load_workbook

from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.projects.interchange.cycles import refuse_cycles
from projectoffice.projects.interchange.plan_rows import (
    IncomingResource,
    TaskRow,
    clear_plan,
    match_resources,
    write_assignments,
    write_links,
    write_tasks,
)
from projectoffice.projects.interchange.recompute import recompute_after_import
from projectoffice.projects.interchange.report import ImportReport
from projectoffice.projects.interchange.wbs_sheet import (
    COLUMNS,
    DAY,
    SHEET,
    Predecessor,
    SheetErrors,
    parse_duration,
    parse_predecessors,
    parse_resources,
)
from projectoffice.projects.models import Assignment, Project, Task, TaskLink
from projectoffice.projects.permissions import require_edit

AnyUser = AbstractBaseUser | AnonymousUser
MAX_ROWS = 50_000
CONSTRAINTS = set(Task.Constraint.values)


class SheetRow:
    """One parsed row: the task fields, its level, predecessors and resources."""

    def __init__(self, line: int, values: dict[str, Any]) -> None:
        self.line, self.values = line, values
        self.id: int = 0
        self.uid: int | None = None
        self.level = 1
        self.task_fields: dict[str, Any] = {}
        self.predecessors: list[Predecessor] = []
        self.resources: list[tuple[str, float]] = []


def _rows(data: bytes) -> list[SheetRow]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ApplicationError(f"Not an Excel workbook (.xlsx): {exc}.", field="file") from exc
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(lines, ())]
    missing = [c for c in ("Name", "Level", "Duration") if c not in header]
    if missing:
        raise ApplicationError(f"The first row must name the columns {', '.join(COLUMNS)}; missing: "
                               f"{', '.join(missing)}.", field="file")
    out = []
    for number, values in enumerate(lines, start=2):
        if number > MAX_ROWS:
            raise ApplicationError(f"The sheet has more than {MAX_ROWS} rows.", field="file")
        if any(v not in (None, "") for v in values):
            out.append(SheetRow(number, dict(zip(header, values, strict=False))))
    if not out:
        raise ApplicationError("The sheet holds no task.", field="file")
    return out


def _parse(row: SheetRow, position: int, zone: zoneinfo.ZoneInfo, errors: SheetErrors, *, day: int) -> None:
    get = row.values.get
    name = str(get("Name") or "").strip()
    if not name:
        errors.add(row.line, "Name", "a task needs a name")
    row.id = _integer(get("ID"), position, row, "ID", errors)
    row.uid = _integer(get("UID"), None, row, "UID", errors)
    row.level = _integer(get("Level"), 1, row, "Level", errors) or 1
    duration, elapsed = 0, False
    try:
        duration, elapsed = parse_duration(str(get("Duration") or "0d"), day=day)
    except ValueError as exc:
        errors.add(row.line, "Duration", str(exc))
    constraint = str(get("Constraint") or "ASAP").strip().upper()
    if constraint not in CONSTRAINTS:
        errors.add(row.line, "Constraint", f"{constraint!r} is not one of {', '.join(sorted(CONSTRAINTS))}")
    constraint_date = _moment(get("Constraint date"), zone, row, errors)
    if constraint not in ("ASAP", "ALAP") and constraint_date is None:
        errors.add(row.line, "Constraint date", f"a {constraint} constraint needs a date")
    percent = _percent(get("% complete"), row, errors)
    row.task_fields = {"name": name[:300], "wbs": str(get("WBS") or "")[:60], "duration_minutes": duration,
                       "elapsed": elapsed, "is_milestone": duration == 0, "constraint": constraint,
                       "constraint_date": constraint_date, "percent_complete": percent}
    parsers: tuple[tuple[str, Callable[[str], list[Any]]], ...] = (
        ("Predecessors", partial(parse_predecessors, day=day)), ("Resources", parse_resources))
    for column, parse in parsers:
        try:
            setattr(row, column.lower(), parse(str(get(column) or "")))
        except ValueError as exc:
            errors.add(row.line, column, str(exc))


def _integer(value: Any, default: int | None, row: SheetRow, column: str, errors: SheetErrors) -> Any:
    if value in (None, ""):
        return default
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        errors.add(row.line, column, f"{value!r} is not a whole number")
        return default
    if number < 0 or number != float(value):
        errors.add(row.line, column, f"{value!r} is not a whole number of 0 or more")
    return number


def _moment(value: Any, zone: zoneinfo.ZoneInfo, row: SheetRow, errors: SheetErrors) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=zone)
    try:
        return dt.datetime.fromisoformat(str(value).strip()).replace(tzinfo=zone)
    except ValueError:
        errors.add(row.line, "Constraint date", f"{value!r} is not a date and time")
        return None


def _percent(value: Any, row: SheetRow, errors: SheetErrors) -> Decimal:
    try:
        percent = Decimal(str(value).rstrip("%").strip()) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        percent = Decimal(-1)
    if not 0 <= percent <= 100:
        errors.add(row.line, "% complete", f"{value!r} is not a percentage from 0 to 100")
        return Decimal(0)
    return percent.quantize(Decimal("0.01"))


def _outline(rows: list[SheetRow], errors: SheetErrors) -> dict[int, int | None]:
    """Parent row id of each row id from the levels (a row may go one level deeper than the row above)."""
    parents: dict[int, int | None] = {}
    open_rows: list[SheetRow] = []
    for row in rows:
        if row.level > len(open_rows) + 1:
            errors.add(row.line, "Level", f"level {row.level} under a row of level {len(open_rows)}")
        del open_rows[row.level - 1:]
        parents[row.id] = open_rows[-1].id if open_rows else None
        open_rows.append(row)
    return parents


def _check_ids(rows: list[SheetRow], errors: SheetErrors) -> None:
    seen_ids: dict[int, int] = {}
    seen_uids: dict[int, int] = {}
    for row in rows:
        if row.id in seen_ids:
            errors.add(row.line, "ID", f"ID {row.id} is also on row {seen_ids[row.id]}")
        if row.uid is not None and row.uid in seen_uids:
            errors.add(row.line, "UID", f"UID {row.uid} is also on row {seen_uids[row.uid]}")
        seen_ids.setdefault(row.id, row.line)
        if row.uid is not None:
            seen_uids.setdefault(row.uid, row.line)
    for row in rows:
        for item in row.predecessors:
            if item.row not in seen_ids or item.row == row.id:
                errors.add(row.line, "Predecessors", f"no other row has the ID {item.row}")


def read_sheet(data: bytes, zone: zoneinfo.ZoneInfo, *, day: int = DAY) -> tuple[list[SheetRow], dict[int, int | None]]:
    """Parsed rows and the outline (days of ``day`` minutes); an ApplicationError naming every bad cell otherwise."""
    rows = _rows(data)
    errors = SheetErrors()
    for position, row in enumerate(rows, start=1):
        _parse(row, position, zone, errors, day=day)
    _check_ids(rows, errors)
    parents = _outline(rows, errors)
    errors.raise_if_any()
    return rows, parents


@transaction.atomic
def xlsx_import(*, data: bytes, source: str, by: AnyUser | None, project: Project,
                expected_version: int | None = None) -> tuple[Project, ImportReport]:
    """Replace the plan of ``project`` with the sheet's tasks, links and assignments, then recompute."""
    require_edit(by, project)
    check_version(project, expected_version)
    rows, parents = read_sheet(data, zoneinfo.ZoneInfo(project.lead_site.time_zone), day=project.minutes_per_day)
    refuse_cycles([r.id for r in rows], [(p.row, r.id) for r in rows for p in r.predecessors],
                  {r.id: r.task_fields["name"] for r in rows})
    clear_plan(project, keep_calendars=True)
    uids = _uids(rows)
    saved = write_tasks([TaskRow(Task(project=project, uid=uids[r.id], sort_index=r.id,
                                      is_summary=r.id in set(parents.values()), **r.task_fields),
                                 _parent_uid(parents[r.id], uids)) for r in rows])
    by_id = {r.id: saved[uids[r.id]] for r in rows}
    report = ImportReport(source=source, project_code=project.code)
    links = write_links(project, [TaskLink(predecessor=by_id[p.row], successor=by_id[r.id], type=p.type, lag=p.lag,
                                           lag_kind=p.lag_kind) for r in rows for p in r.predecessors])
    report.mapped.update(tasks=len(rows), links=links)
    _assign(project, rows, by_id, report)
    bump_version(project)
    project.save(update_fields=["version"])
    report.recomputed = recompute_after_import(project, by=by, report=report)
    audit_record(actor=by, action="project.plan_imported", target=project, data={"source": source, "format": "xlsx"})
    return project, report


def _parent_uid(parent: int | None, uids: dict[int, int]) -> int | None:
    return uids[parent] if parent is not None else None


def _uids(rows: list[SheetRow]) -> dict[int, int]:
    """Each row's UID: the sheet's, or a fresh one above every UID given."""
    given = {r.id: r.uid for r in rows if r.uid is not None}
    next_uid = max(given.values(), default=0) + 1
    out = {}
    for row in rows:
        if row.id in given:
            out[row.id] = given[row.id]
        else:
            out[row.id], next_uid = next_uid, next_uid + 1
    return out


def _assign(project: Project, rows: list[SheetRow], by_id: dict[int, Task], report: ImportReport) -> None:
    names = sorted({name for r in rows for name, _ in r.resources})
    pool, created = match_resources(project, [IncomingResource(i, name) for i, name in enumerate(names)])
    key = {name: i for i, name in enumerate(names)}
    written, _ = write_assignments(project, [
        Assignment(task=by_id[r.id], resource=pool[key[name]], units=Decimal(str(round(units, 2))))
        for r in rows for name, units in r.resources])
    report.mapped.update(resources_matched=len(names) - created, resources_created=created, assignments=written)
