"""MSPDI writer: an engine network (and optionally its schedule, resources and assignments) as MS Project XML
that MS Project and MPXJ open. Tasks are written in outline order (each summary before its children).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date, datetime

from projectoffice.engine.calendars import Calendar, Hours, standard_calendar
from projectoffice.engine.formats.mspdi import Assignment, Baseline, Resource
from projectoffice.engine.network import Constraint, LagKind, LinkType, Network, Task
from projectoffice.engine.schedule import Schedule

NAMESPACE = "http://schemas.microsoft.com/project"
CONSTRAINT_CODES = {Constraint.ASAP: 0, Constraint.ALAP: 1, Constraint.MSO: 2, Constraint.MFO: 3,
                    Constraint.SNET: 4, Constraint.SNLT: 5, Constraint.FNET: 6, Constraint.FNLT: 7}
LINK_CODES = {LinkType.FF: 0, LinkType.FS: 1, LinkType.SF: 2, LinkType.SS: 3}
# A cost resource is Type 0 with IsCostResource set, as MS Project writes it
RESOURCE_CODES = {"material": 0, "work": 1, "cost": 0}


def _add(parent: ET.Element, tag: str, value: object) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if isinstance(value, bool):
        element.text = "1" if value else "0"
    elif isinstance(value, datetime):
        element.text = value.replace(tzinfo=None).isoformat(timespec="seconds")
    elif value is not None:
        element.text = str(value)
    return element


def duration_text(minutes: int) -> str:
    """``PT8H0M0S`` for 480 minutes."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}PT{hours}H{rest}M0S"


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}:00"


def _working_times(parent: ET.Element, hours: Hours) -> None:
    _add(parent, "DayWorking", bool(hours))
    if hours:
        times = _add(parent, "WorkingTimes", None)
        for start, end in hours:
            span = _add(times, "WorkingTime", None)
            _add(span, "FromTime", _clock(start))
            _add(span, "ToTime", _clock(end))


def _calendar(parent: ET.Element, calendar: Calendar, uid: int, uids: dict[str, int]) -> None:
    element = _add(parent, "Calendar", None)
    _add(element, "UID", uid)
    _add(element, "Name", calendar.name)
    _add(element, "IsBaseCalendar", calendar.base is None or calendar.base.name not in uids)
    _add(element, "BaseCalendarUID", uids.get(calendar.base.name, -1) if calendar.base else -1)
    days = _add(element, "WeekDays", None)
    for weekday, hours in enumerate(calendar.week.days):
        if hours is None:
            continue
        day = _add(days, "WeekDay", None)
        _add(day, "DayType", (weekday + 1) % 7 + 1)  # MSPDI counts from Sunday = 1
        _working_times(day, hours)
    exceptions = _add(element, "Exceptions", None)
    for exception in calendar.exceptions:
        for day_ in exception.dates():
            _exception(exceptions, day_, exception.hours, exception.name)


def _exception(parent: ET.Element, day: date, hours: Hours, name: str) -> None:
    element = _add(parent, "Exception", None)
    _add(element, "EnteredByOccurrences", False)
    period = _add(element, "TimePeriod", None)
    _add(period, "FromDate", datetime.combine(day, datetime.min.time()))
    _add(period, "ToDate", datetime.combine(day, datetime.max.time().replace(second=0, microsecond=0)))
    _add(element, "Occurrences", 1)
    _add(element, "Name", name)
    _add(element, "Type", 1)
    _working_times(element, hours)


def _all_calendars(network: Network) -> list[Calendar]:
    """Every calendar the network uses, bases before the calendars built on them."""
    out: list[Calendar] = []
    used = [network.calendar_named(None), *(network.calendar_named(n) for n in sorted(network.calendars))]
    for calendar in used:
        chain = []
        node: Calendar | None = calendar
        while node is not None:
            chain.append(node)
            node = node.base
        for item in reversed(chain):
            if all(item.name != c.name for c in out):
                out.append(item)
    return out or [standard_calendar()]


def _outline_order(tasks: Iterable[Task]) -> list[tuple[Task, int]]:
    """Tasks depth first (parents before children, siblings in given order) with their outline level."""
    tasks = list(tasks)
    children: dict[int | None, list[Task]] = {}
    for task in tasks:
        children.setdefault(task.parent, []).append(task)
    out: list[tuple[Task, int]] = []
    stack = [(t, 1) for t in reversed(children.get(None, []))]
    while stack:
        task, level = stack.pop()
        out.append((task, level))
        stack.extend((c, level + 1) for c in reversed(children.get(task.uid, [])))
    return out


def _task(parent: ET.Element, task: Task, row: int, level: int, ctx: _Context) -> None:
    element = _add(parent, "Task", None)
    summary = task.uid in ctx.summaries
    for tag, value in (("UID", task.uid), ("ID", row), ("Name", task.name), ("Active", True),
                       ("Manual", task.manual), ("Type", 1), ("IsNull", False), ("OutlineLevel", level)):
        _add(element, tag, value)
    scheduled = ctx.dates(task)
    _add(element, "Start", scheduled[0])
    _add(element, "Finish", scheduled[1])
    _add(element, "Duration", duration_text(task.duration))
    _add(element, "DurationFormat", 8 if task.elapsed else 7)
    remaining = task.remaining if task.remaining is not None else round(task.duration * (100 - task.percent_complete) / 100)
    _add(element, "ActualDuration", duration_text(max(task.duration - remaining, 0)))
    _add(element, "RemainingDuration", duration_text(remaining))
    _add(element, "Milestone", task.duration == 0 and not summary)
    _add(element, "Summary", summary)
    _add(element, "PercentComplete", round(task.percent_complete))
    _add(element, "ConstraintType", CONSTRAINT_CODES[task.constraint])
    _add(element, "CalendarUID", ctx.calendar_uids.get(task.calendar or "", -1))
    _add(element, "ConstraintDate", task.constraint_date)
    _add(element, "Deadline", task.deadline)
    _add(element, "ActualStart", task.actual_start)
    _add(element, "ActualFinish", task.actual_finish)
    if task.manual:
        _add(element, "ManualStart", task.start)
        _add(element, "ManualFinish", task.finish)
    for link in ctx.links_into.get(task.uid, []):
        item = _add(element, "PredecessorLink", None)
        _add(item, "PredecessorUID", link.predecessor)
        _add(item, "Type", LINK_CODES[link.type])
        _add(item, "CrossProject", False)
        _add(item, "LinkLag", link.lag * 10)
        _add(item, "LagFormat", {LagKind.WORKING: 7, LagKind.ELAPSED: 8, LagKind.PERCENT: 19}[link.lag_kind])
    for baseline in ctx.baselines.get(task.uid, []):
        _baseline(element, baseline)
    for tag in [t for t in ("ConstraintDate", "Deadline", "ActualStart", "ActualFinish", "Start", "Finish")
                if (e := element.find(t)) is not None and e.text is None]:
        element.remove(element.find(tag))  # type: ignore[arg-type]


def _baseline(parent: ET.Element, baseline: Baseline) -> None:
    element = _add(parent, "Baseline", None)
    _add(element, "Number", baseline.number)
    for tag, value in (("Start", baseline.start), ("Finish", baseline.finish)):
        if value is not None:
            _add(element, tag, value)
    for tag, minutes in (("Duration", baseline.duration), ("Work", baseline.work)):
        if minutes is not None:
            _add(element, tag, duration_text(minutes))
    if baseline.cost is not None:
        _add(element, "Cost", round(baseline.cost))  # as the reader gives it: hundredths of the currency


class _Context:
    """Lookups shared by the task writers."""

    def __init__(self, network: Network, result: Schedule | None, calendar_uids: dict[str, int],
                 baselines: Iterable[Baseline] = ()) -> None:
        self.network, self.result, self.calendar_uids = network, result, calendar_uids
        self.baselines: dict[int, list[Baseline]] = {}
        for baseline in baselines:
            self.baselines.setdefault(baseline.task, []).append(baseline)
        self.summaries = {t.parent for t in network.tasks if t.parent is not None}
        self.links_into: dict[int, list] = {}
        for link in network.links:
            self.links_into.setdefault(link.successor, []).append(link)

    def dates(self, task: Task) -> tuple[datetime | None, datetime | None]:
        if self.result is not None:
            row = self.result.task(task.uid)
            return row.start, row.finish
        return (task.start or self.network.start), task.finish


def write_mspdi(network: Network, *, name: str = "Project", result: Schedule | None = None,
                resources: Iterable[Resource] = (), assignments: Iterable[Assignment] = (),
                baselines: Iterable[Baseline] = (), minutes_per_day: int = 480) -> bytes:
    """MSPDI bytes for ``network`` (with computed dates from ``result`` when given, and task ``baselines``).
    ``minutes_per_day`` is the project's day (MS Project's MinutesPerDay; a week is five of them)."""
    root = ET.Element("Project", xmlns=NAMESPACE)
    calendars = _all_calendars(network)
    uids = {c.name: i + 1 for i, c in enumerate(calendars)}
    project_start = network.start or network.finish
    for tag, value in (("SaveVersion", 14), ("Name", name), ("Title", name),
                       ("ScheduleFromStart", not network.from_finish), ("StartDate", project_start),
                       ("FinishDate", network.finish or project_start), ("CalendarUID", uids[network.calendar_named(None).name]),
                       ("MinutesPerDay", minutes_per_day), ("MinutesPerWeek", 5 * minutes_per_day), ("DaysPerMonth", 20),
                       ("HonorConstraints", network.honor_constraints), ("NewTasksAreManual", False)):
        _add(root, tag, value)
    if network.status_date is not None:
        _add(root, "StatusDate", network.status_date)
    container = _add(root, "Calendars", None)
    for calendar in calendars:
        _calendar(container, calendar, uids[calendar.name], uids)
    tasks = _add(root, "Tasks", None)
    context = _Context(network, result, uids, baselines)
    for row, (task, level) in enumerate(_outline_order(network.tasks), start=1):
        _task(tasks, task, row, level, context)
    _resources(root, resources, uids)
    _assignments(root, assignments)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _resources(root: ET.Element, resources: Iterable[Resource], calendar_uids: dict[str, int]) -> None:
    container = _add(root, "Resources", None)
    for row, resource in enumerate(resources, start=1):
        element = _add(container, "Resource", None)
        for tag, value in (("UID", resource.uid), ("ID", row), ("Name", resource.name),
                           ("Type", RESOURCE_CODES.get(resource.type, 1)),
                           ("IsCostResource", resource.type == "cost"), ("Initials", resource.initials),
                           ("Group", resource.group), ("EmailAddress", resource.email),
                           ("MaxUnits", resource.max_units), ("StandardRate", resource.standard_rate),
                           ("OvertimeRate", resource.overtime_rate), ("CostPerUse", resource.cost_per_use),
                           ("CalendarUID", calendar_uids.get(resource.calendar or "", -1))):
            _add(element, tag, value)


def _assignments(root: ET.Element, assignments: Iterable[Assignment]) -> None:
    container = _add(root, "Assignments", None)
    for assignment in assignments:
        element = _add(container, "Assignment", None)
        for tag, value in (("UID", assignment.uid), ("TaskUID", assignment.task),
                           ("ResourceUID", assignment.resource), ("Units", assignment.units),
                           ("Work", duration_text(assignment.work)), ("Start", assignment.start),
                           ("Finish", assignment.finish), ("Cost", assignment.cost)):
            if value is not None:
                _add(element, tag, value)
