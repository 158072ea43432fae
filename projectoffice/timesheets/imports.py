"""Bulk import of time from CSV, for sites that write time in another tool. All or nothing: every row is
checked through the same services as the pages; if any row fails, nothing is saved and the report lists every
failing row with its field and reason.

Columns: ``username, week_start, category, project, task, mon, tue, wed, thu, fri, sat, sun, comment``
(``project`` is the project code, ``task`` its UID or WBS code; both empty for non-project categories).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Q

from projectoffice.access import scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError
from projectoffice.people.models import Person
from projectoffice.projects.models import Task
from projectoffice.timesheets import services
from projectoffice.timesheets.models import Category, Timesheet

AnyUser = AbstractBaseUser | AnonymousUser
COLUMNS = ("username", "week_start", "category", "project", "task", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
           "comment")
DAY_COLUMNS = COLUMNS[5:12]
MAX_BYTES = 5_000_000
MAX_ROWS = 20_000


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # the line number in the file (the header is line 1)
    field: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    lines_created: int = 0
    weeks_submitted: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def time_import_csv(*, content: bytes, by: AnyUser | None, submit: bool = False) -> ImportReport:
    """Import the file; on any error nothing is saved and ``report.errors`` says which rows and why."""
    if len(content) > MAX_BYTES:
        raise ApplicationError(f"The file is larger than {MAX_BYTES // 1_000_000} MB; split it.", field="file")
    rows = _read_rows(content)
    report = ImportReport(rows=len(rows))
    with transaction.atomic():
        touched = _import_rows(rows, by, report)
        if submit and report.ok:
            _submit_weeks(touched, by, report)
        if report.ok:  # rows were read, so at least one week was touched
            first_week = next(iter(touched.values()))[0]
            audit_record(actor=by, action="timesheet.imported", target=first_week,
                         data={"rows": report.rows, "lines": report.lines_created, "weeks": len(touched)})
        else:
            transaction.set_rollback(True)
            report.lines_created = report.weeks_submitted = 0
    return report


def _read_rows(content: bytes) -> list[dict[str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError("The file is not UTF-8 text.", field="file") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ApplicationError(f"Missing column(s): {', '.join(missing)}. Expected: {', '.join(COLUMNS)}.",
                               field="file")
    rows = list(reader)
    if len(rows) > MAX_ROWS:
        raise ApplicationError(f"At most {MAX_ROWS} rows per file.", field="file")
    if not rows:
        raise ApplicationError("The file has no rows.", field="file")
    return rows


def _import_rows(rows: list[dict[str, str]], by: AnyUser | None,
                 report: ImportReport) -> dict[int, tuple[Timesheet, int]]:
    touched: dict[int, tuple[Timesheet, int]] = {}
    people: dict[str, Person | None] = {}
    for number, row in enumerate(rows, start=2):
        try:
            with transaction.atomic():
                timesheet = _import_row(row, by, people)
            touched.setdefault(timesheet.pk, (timesheet, number))
            report.lines_created += 1
        except ApplicationError as exc:
            report.errors.append(RowError(number, _column(exc.field), exc.message))
    return touched


def _column(service_field: str | None) -> str:
    """Name the CSV column for a service's field (d1 → mon …)."""
    if service_field and service_field.startswith("d") and service_field[1:].isdigit():
        return DAY_COLUMNS[int(service_field[1:]) - 1]
    return service_field or "row"


def _import_row(row: dict[str, str], by: AnyUser | None, people: dict[str, Person | None]) -> Timesheet:
    person = _person(row["username"].strip(), people, by)
    week_start = _week_start(row["week_start"])
    category = (row["category"] or Category.PROJECT).strip().lower()
    task = _task(row, person) if category == Category.PROJECT else None
    timesheet = services.timesheet_open(person=person, week_start=week_start, by=by)
    services.line_add(timesheet=timesheet, by=by, category=category, task=task,
                      hours=[row[c] or "0" for c in DAY_COLUMNS], comment=row.get("comment") or "")
    return timesheet


def _person(username: str, cache: dict[str, Person | None], by: AnyUser | None) -> Person:
    """The person of a login, among those in the importer's scope: anyone else is unknown, not named."""
    if username not in cache:
        people = scope_of(by).people().select_related("home_site", "user")
        cache[username] = people.filter(user__username=username).first()
    person = cache[username]
    if person is None:
        raise ApplicationError(f"No person with the login “{username}”.", field="username")
    return person


def _week_start(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ApplicationError(f"“{raw}” is not a date (YYYY-MM-DD).", field="week_start") from None


def _task(row: dict[str, str], person: Person) -> Task:
    code, ref = row["project"].strip(), row["task"].strip()
    if not code or not ref:
        raise ApplicationError("A project line needs the project code and the task (UID or WBS).", field="task")
    ref_q = Q(wbs=ref) | (Q(uid=int(ref)) if ref.isdigit() else Q())
    task = Task.objects.select_related("project").filter(ref_q, project__code=code,
                                                        project__company_id=person.company_id).first()
    if task is None:
        raise ApplicationError(f"No task “{ref}” in project {code}.", field="task")
    return task


def _submit_weeks(touched: dict[int, tuple[Timesheet, int]], by: AnyUser | None, report: ImportReport) -> None:
    for timesheet, first_row in touched.values():
        try:
            with transaction.atomic():
                timesheet.refresh_from_db()
                services.timesheet_submit(timesheet=timesheet, by=by)
            report.weeks_submitted += 1
        except ApplicationError as exc:
            report.errors.append(RowError(first_row, exc.field or "row", f"Submitting the week: {exc.message}"))
