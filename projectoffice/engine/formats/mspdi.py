"""MS Project XML (MSPDI) reader: tasks, outline, links, calendars, constraints, actuals, resources, assignments
and baselines, into the engine's values. Tolerant of the differences between Project 2002 and 2019 files
(old ``DayType 0`` exceptions and newer ``Exceptions``/``WorkWeeks``, missing optional elements, namespaces).

Hostile input is refused: parsing follows ``defusedxml``'s rules with its exceptions (no entity declarations,
no external references; see ``_safe_tree``) and a file above ``MAX_BYTES`` is not read at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.common import EntitiesForbidden, ExternalReferenceForbidden

from projectoffice.engine.calendars import (
    LAST,
    Calendar,
    CalendarException,
    Frequency,
    Hours,
    Recurrence,
    WeekPeriod,
    WorkWeek,
    build_index,
)
from projectoffice.engine.calendars.model import STANDARD_DAY
from projectoffice.engine.errors import EngineError, FormatError
from projectoffice.engine.network import Constraint, Driver, LagKind, Link, LinkType, Network, Task

MAX_BYTES = 64 * 1024 * 1024
MIN_SPLIT = timedelta(hours=1)
CONSTRAINTS = {0: Constraint.ASAP, 1: Constraint.ALAP, 2: Constraint.MSO, 3: Constraint.MFO,
               4: Constraint.SNET, 5: Constraint.SNLT, 6: Constraint.FNET, 7: Constraint.FNLT}
LINK_TYPES = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
ELAPSED_FORMATS = {4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44, 52}
PERCENT_FORMATS = {19, 20, 51, 52}
RESOURCE_TYPES = {0: "material", 1: "work", 2: "cost"}
_LENIENT_MOMENT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:T(-?\d{1,2}):(-?\d{1,2})(?::(-?\d{1,2}))?)?")
_DURATION = re.compile(r"^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
                       r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


@dataclass(frozen=True, slots=True)
class StoredDates:
    """What MS Project computed and saved for a task: the oracle the comparison test reads."""

    start: datetime | None
    finish: datetime | None
    early_start: datetime | None = None
    early_finish: datetime | None = None
    late_start: datetime | None = None
    late_finish: datetime | None = None
    total_slack: int | None = None  # minutes
    free_slack: int | None = None
    critical: bool = False
    summary: bool = False
    manual: bool = False


@dataclass(frozen=True, slots=True)
class Resource:
    uid: int
    name: str
    type: str = "work"  # work, material or cost
    initials: str = ""
    group: str = ""
    email: str = ""
    max_units: float = 1.0  # 1.0 = 100 %
    standard_rate: float = 0.0  # per hour
    overtime_rate: float = 0.0
    cost_per_use: float = 0.0
    calendar: str | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    uid: int
    task: int
    resource: int
    units: float = 1.0
    work: int = 0  # minutes
    actual_work: int = 0
    remaining_work: int = 0
    start: datetime | None = None
    finish: datetime | None = None
    cost: float = 0.0
    contour: int = 0  # MS Project's work contour: 0 flat, 1 back loaded, ... 8 contoured


@dataclass(frozen=True, slots=True)
class Baseline:
    task: int
    number: int
    start: datetime | None = None
    finish: datetime | None = None
    duration: int | None = None
    work: int | None = None
    cost: float | None = None


@dataclass(frozen=True, slots=True)
class MspdiProject:
    """A read MSPDI file: the network to schedule and everything else the product imports."""

    name: str
    network: Network
    stored: Mapping[int, StoredDates] = field(default_factory=dict)
    task_ids: Mapping[int, int] = field(default_factory=dict)  # uid -> the row number MS Project shows
    outline: Mapping[int, str] = field(default_factory=dict)  # uid -> WBS outline number
    resources: tuple[Resource, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    baselines: tuple[Baseline, ...] = ()
    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    currency: str = ""


# -- entry points ----------------------------------------------------------------------------------------------
def read_mspdi(path: str | Path) -> MspdiProject:
    """Read an MSPDI file; raises ``FormatError`` naming what is wrong with it."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_BYTES:
            raise FormatError(f"{file.name} is larger than {MAX_BYTES // 2**20} MiB.")
        return parse_mspdi(file.read_bytes())
    except OSError as exc:
        raise FormatError(f"Cannot read {file}: {exc.strerror}.") from exc


def parse_mspdi(data: bytes) -> MspdiProject:
    """Parse MSPDI bytes into a ``MspdiProject``."""
    return mspdi_project(mspdi_root(data))


def mspdi_root(data: bytes) -> ET.Element:
    """The checked element tree of MSPDI bytes (namespaces stripped), for callers that read more of the file
    than ``MspdiProject`` holds without parsing it twice; refuses hostile, oversized and non-MSPDI input."""
    if len(data) > MAX_BYTES:
        raise FormatError(f"The file is larger than {MAX_BYTES // 2**20} MiB.")
    try:
        root = _safe_tree(data)
    except EntitiesForbidden as exc:
        raise FormatError(f"Not a readable XML file: it declares the entity “{exc.name}”; entity declarations are "
                          "refused for safety (MS Project never writes them).") from exc
    except ExternalReferenceForbidden as exc:
        raise FormatError("Not a readable XML file: it refers to an external resource "
                          f"({exc.sysid or exc.pubid}), refused for safety.") from exc
    except (DefusedXmlException, expat.ExpatError, ValueError) as exc:
        raise FormatError(f"Not a readable XML file: {exc}.") from exc
    if ":" in root.tag:  # prefixed names (p:Project): keep the local names
        _strip_namespaces(root)
    if root.tag != "Project" or root.find("Tasks") is None:
        raise FormatError("Not an MS Project XML (MSPDI) file: no <Project> with <Tasks>.")
    return root


def mspdi_project(root: ET.Element) -> MspdiProject:
    """The ``MspdiProject`` of a tree from ``mspdi_root``."""
    try:
        return _project(root)
    except (EngineError, ValueError, KeyError) as exc:
        raise FormatError(f"Inconsistent MSPDI file: {exc}") from exc


def _safe_tree(data: bytes) -> ET.Element:
    """The element tree of ``data`` under defusedxml's rules (an entity declaration or an external reference
    refuses the file, raising defusedxml's own exceptions), built by expat feeding ElementTree's C tree builder
    directly. defusedxml's parser calls Python handlers per element, half of the reading time of a 10,000-task
    file; without namespace processing, elements keep the names written in the file (MSPDI's default namespace
    is an ``xmlns`` attribute), so nothing has to be stripped afterwards."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_unparsed_entity
    parser.ExternalEntityRefHandler = _forbid_external
    parser.Parse(data, True)
    return builder.close()


def _forbid_entity(name: str, is_parameter: int, value: str | None, base: str | None, sysid: str | None,
                   pubid: str | None, notation: str | None) -> None:
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation)


def _forbid_unparsed_entity(name: str, base: str | None, sysid: str | None, pubid: str | None,
                            notation: str | None) -> None:
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation)


def _forbid_external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def _strip_namespaces(root: ET.Element) -> None:
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = element.tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


# -- scalar fields -----------------------------------------------------------------------------------------------
def _text(element: ET.Element, tag: str, default: str = "") -> str:
    found = element.find(tag)
    return found.text.strip() if found is not None and found.text else default


def _int(element: ET.Element, tag: str, default: int = 0) -> int:
    text = _text(element, tag)
    return int(float(text)) if text else default


def _float(element: ET.Element, tag: str, default: float = 0.0) -> float:
    text = _text(element, tag)
    return float(text) if text else default


def _flag(element: ET.Element, tag: str) -> bool:
    return _text(element, tag) in ("1", "true")


def _moment(element: ET.Element, tag: str) -> datetime | None:
    """A date-time; MS Project sometimes writes a negative field ("17:-0:00"), read as zero."""
    text = _text(element, tag)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        parts = _LENIENT_MOMENT.match(text)
        if parts is None:
            raise FormatError(f"<{tag}> is not a date: {text!r}.") from None
        return datetime(*(max(int(p or 0), 0) for p in parts.groups()))  # type: ignore[arg-type]


def _clock(text: str) -> int:
    """Minutes after midnight of "HH:MM:SS"; "00:00:00" as an end time means midnight at the end of the day."""
    hours, minutes = text.split(":")[:2]
    return int(hours) * 60 + int(minutes)


def duration_minutes(text: str) -> int:
    """Minutes of an MSPDI duration such as ``PT8H0M0S`` (days count 24 hours, as MSPDI writes them)."""
    match = _DURATION.match(text.strip()) if text else None
    if not match:
        return 0
    sign, years, months, days, hours, minutes, seconds = match.groups()
    total = (float(days or 0) * 24 + float(hours or 0)) * 60 + float(minutes or 0) + float(seconds or 0) / 60
    total += (float(years or 0) * 365 + float(months or 0) * 30) * 1440
    return -round(total) if sign else round(total)


def _duration(element: ET.Element, tag: str) -> int | None:
    text = _text(element, tag)
    return duration_minutes(text) if text else None


# -- calendars ---------------------------------------------------------------------------------------------------
def _hours(day: ET.Element) -> Hours:
    spans = []
    for span in day.findall("WorkingTimes/WorkingTime"):
        start, end = _clock(_text(span, "FromTime", "00:00:00")), _clock(_text(span, "ToTime", "00:00:00"))
        spans.append((start, end if end > start else 1440))
    if _text(day, "DayWorking") == "1" and not spans:
        return STANDARD_DAY
    return tuple(spans) if _text(day, "DayWorking") == "1" else ()


def _week(days: list[ET.Element], inherit: bool) -> WorkWeek:
    """Weekdays from ``WeekDay`` elements (DayType 1 = Sunday); days not given inherit or keep the default."""
    week: list[Hours | None] = [None] * 7 if inherit else list(WorkWeek().days)
    for day in days:
        kind = _int(day, "DayType", -1)
        if 1 <= kind <= 7:
            week[(kind + 5) % 7] = _hours(day)
    return WorkWeek(tuple(week))


def _day(element: ET.Element, tag: str) -> date:
    moment = _moment(element, tag)
    if moment is None:
        raise FormatError(f"A calendar period has no {tag}.")
    return moment.date()


def _recurrence(exc: ET.Element) -> Recurrence | None:
    kind = _int(exc, "Type", 0)
    occurrences = _int(exc, "Occurrences", 0) or None
    period = max(_int(exc, "Period", 1), 1)
    weekday = (_int(exc, "MonthItem", 3) - 4) % 7  # 3 = Sunday .. 9 = Saturday
    nth = min(_int(exc, "MonthPosition", 0) + 1, LAST)
    month = _int(exc, "Month", 0) + 1
    day = _int(exc, "MonthDay", 1)
    if kind == 7:
        return Recurrence(Frequency.DAILY, period, occurrences=occurrences)
    if kind == 6:
        mask = _int(exc, "DaysOfWeek", 0)
        days = frozenset((bit + 6) % 7 for bit in range(7) if mask >> bit & 1)
        return Recurrence(Frequency.WEEKLY, period, weekdays=days, occurrences=occurrences) if days else None
    if kind in (4, 5):
        return Recurrence(Frequency.MONTHLY, period, day=day if kind == 4 else None, nth=None if kind == 4 else nth,
                          weekday=None if kind == 4 else weekday, occurrences=occurrences)
    if kind in (2, 3):
        return Recurrence(Frequency.YEARLY, 1, day=day if kind == 2 else None, nth=None if kind == 2 else nth,
                          weekday=None if kind == 2 else weekday, month=month, occurrences=occurrences)
    return None  # type 1 and unknown types: every day of the period


def _exceptions(calendar: ET.Element) -> tuple[CalendarException, ...]:
    out = []
    for day in calendar.findall("WeekDays/WeekDay"):
        if _int(day, "DayType", -1) == 0 and day.find("TimePeriod") is not None:
            period = day.find("TimePeriod")
            assert period is not None
            out.append(CalendarException(_day(period, "FromDate"), _day(period, "ToDate"), _hours(day)))
    for exc in calendar.findall("Exceptions/Exception"):
        period = exc.find("TimePeriod")
        if period is None:
            continue
        out.append(CalendarException(_day(period, "FromDate"), _day(period, "ToDate"), _hours(exc),
                                     _text(exc, "Name"), _recurrence(exc)))
    return tuple(out)


def _periods(calendar: ET.Element, inherit: bool) -> tuple[WeekPeriod, ...]:
    out = []
    for week in calendar.findall("WorkWeeks/WorkWeek"):
        period = week.find("TimePeriod")
        if period is not None:
            days = week.findall("WeekDays/WeekDay")
            out.append(WeekPeriod(_day(period, "FromDate"), _day(period, "ToDate"), _week(days, True)))
    return tuple(out)


def _calendars(root: ET.Element) -> dict[int, Calendar]:
    """Calendars by UID, each built on its base (bases first, whatever the file's order)."""
    elements = {_int(c, "UID"): c for c in root.findall("Calendars/Calendar")}
    names = [_text(c, "Name") or f"Calendar {uid}" for uid, c in elements.items()]
    built: dict[int, Calendar] = {}

    def build(uid: int, trail: tuple[int, ...] = ()) -> Calendar:
        if uid not in built:
            element = elements[uid]
            base_uid = _int(element, "BaseCalendarUID", -1)
            has_base = base_uid in elements and base_uid != uid and base_uid not in trail
            base = build(base_uid, (*trail, uid)) if has_base else None
            week = _week(element.findall("WeekDays/WeekDay"), inherit=base is not None)
            name = _text(element, "Name") or f"Calendar {uid}"
            name = name if names.count(name) == 1 else f"{name} #{uid}"
            built[uid] = Calendar(name, week, _exceptions(element), base, _periods(element, base is not None))
        return built[uid]

    for uid in elements:
        build(uid)
    return built


# -- tasks and links ---------------------------------------------------------------------------------------------
def _lag(link: ET.Element) -> tuple[int, LagKind]:
    """Lag of a ``PredecessorLink``: ``LinkLag`` is in tenths of a minute (tenths of a percent for % lags)."""
    tenths = _int(link, "LinkLag", 0)
    lag_format = _int(link, "LagFormat", 7)
    if lag_format in PERCENT_FORMATS:
        return round(tenths / 10), LagKind.PERCENT
    return round(tenths / 10), LagKind.ELAPSED if lag_format in ELAPSED_FORMATS else LagKind.WORKING


def _links(element: ET.Element, uid: int) -> list[Link]:
    out = []
    for link in element.findall("PredecessorLink"):
        if _flag(link, "CrossProject") or not _text(link, "PredecessorUID"):
            continue
        lag, kind = _lag(link)
        link_type = LINK_TYPES.get(_int(link, "Type", 1), LinkType.FS)
        out.append(Link(_int(link, "PredecessorUID"), uid, link_type, lag, kind))
    return out


def _stored(element: ET.Element, summary: bool, manual: bool) -> StoredDates:
    slack = {tag: _text(element, tag) for tag in ("TotalSlack", "FreeSlack")}
    return StoredDates(
        start=_moment(element, "Start"), finish=_moment(element, "Finish"),
        early_start=_moment(element, "EarlyStart"), early_finish=_moment(element, "EarlyFinish"),
        late_start=_moment(element, "LateStart"), late_finish=_moment(element, "LateFinish"),
        total_slack=round(float(slack["TotalSlack"]) / 10) if slack["TotalSlack"] else None,
        free_slack=round(float(slack["FreeSlack"]) / 10) if slack["FreeSlack"] else None,
        critical=_flag(element, "Critical"), summary=summary, manual=manual,
    )


@dataclass(slots=True)
class _TaskRows:
    """Tasks being read, with what the project keeps beside the network."""

    tasks: list[Task] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    stored: dict[int, StoredDates] = field(default_factory=dict)
    ids: dict[int, int] = field(default_factory=dict)
    outline: dict[int, str] = field(default_factory=dict)
    baselines: list[Baseline] = field(default_factory=list)
    fixed_duration: set[int] = field(default_factory=set)


def _task(element: ET.Element, uid: int, parent: int | None, summary: bool, calendars: dict[int, Calendar]) -> Task:
    manual = _flag(element, "Manual") and not summary
    duration = 0 if summary else max(_duration(element, "Duration") or 0, 0)
    constraint = CONSTRAINTS.get(_int(element, "ConstraintType", 0), Constraint.ASAP)
    constraint_date = _moment(element, "ConstraintDate")
    if constraint_date is None and constraint not in (Constraint.ASAP, Constraint.ALAP):
        constraint = Constraint.ASAP
    calendar = calendars.get(_int(element, "CalendarUID", -1))
    start, finish = _moment(element, "Start"), _moment(element, "Finish")
    return Task(
        uid=uid, name=_text(element, "Name"), duration=duration,
        elapsed=_int(element, "DurationFormat", 7) in ELAPSED_FORMATS,
        calendar=calendar.name if calendar is not None else None, parent=parent,
        constraint=constraint if not summary else Constraint.ASAP,
        constraint_date=constraint_date if not summary else None, deadline=_moment(element, "Deadline"),
        manual=manual and start is not None and finish is not None, start=start, finish=finish,
        actual_start=None if summary else _moment(element, "ActualStart"),
        actual_finish=None if summary else _moment(element, "ActualFinish"),
        percent_complete=min(max(_float(element, "PercentComplete"), 0.0), 100.0),
        remaining=None if summary else _duration(element, "RemainingDuration"),
        milestone=_flag(element, "Milestone"),
    )


def _read_tasks(root: ET.Element, calendars: dict[int, Calendar]) -> _TaskRows:
    rows = _TaskRows()
    elements = [t for t in root.findall("Tasks/Task") if _text(t, "UID") and not _flag(t, "IsNull")]
    summaries = set()
    levels: list[tuple[int, int]] = []  # (outline level, uid) of the open summaries
    for element in elements:
        uid, level = _int(element, "UID"), _int(element, "OutlineLevel", 1)
        while levels and levels[-1][0] >= level:
            levels.pop()
        parent = levels[-1][1] if levels else None
        summary = _flag(element, "Summary") or (uid == 0 and level == 0)
        if summary:
            summaries.add(uid)
            levels.append((level, uid))
        if _text(element, "Active", "1") == "0":
            continue
        rows.tasks.append(_task(element, uid, parent, summary, calendars))
        rows.links += _links(element, uid)
        rows.stored[uid] = _stored(element, summary, _flag(element, "Manual"))
        rows.ids[uid] = _int(element, "ID", uid)
        if _int(element, "Type", 0) == 1:
            rows.fixed_duration.add(uid)
        rows.outline[uid] = _text(element, "OutlineNumber")
        rows.baselines += [_baseline(b, uid) for b in element.findall("Baseline")]
    _drop_dangling(rows)
    return rows


def _drop_dangling(rows: _TaskRows) -> None:
    """Links to inactive or absent tasks and parents that were not kept are dropped, as MS Project ignores them."""
    kept = {t.uid for t in rows.tasks}
    rows.links = [k for k in rows.links if k.predecessor in kept and k.successor in kept and k.predecessor != k.successor]
    rows.tasks = [t if t.parent is None or t.parent in kept else _reparent(t) for t in rows.tasks]


def _reparent(task: Task) -> Task:
    return replace(task, parent=None)


def _baseline(element: ET.Element, uid: int) -> Baseline:
    return Baseline(task=uid, number=_int(element, "Number"), start=_moment(element, "Start"),
                    finish=_moment(element, "Finish"), duration=_duration(element, "Duration"),
                    work=_duration(element, "Work"), cost=_float(element, "Cost") if _text(element, "Cost") else None)


# -- resources and assignments ---------------------------------------------------------------------------------
def _resources(root: ET.Element, calendars: dict[int, Calendar]) -> tuple[Resource, ...]:
    out = []
    for r in root.findall("Resources/Resource"):
        if not _text(r, "UID") or _flag(r, "IsNull") or (_int(r, "UID") == 0 and not _text(r, "Name")):
            continue
        calendar = calendars.get(_int(r, "CalendarUID", -1))
        out.append(Resource(
            uid=_int(r, "UID"), name=_text(r, "Name"), type=_resource_type(r),
            initials=_text(r, "Initials"), group=_text(r, "Group"), email=_text(r, "EmailAddress"),
            max_units=_float(r, "MaxUnits", 1.0), standard_rate=_float(r, "StandardRate"),
            overtime_rate=_float(r, "OvertimeRate"), cost_per_use=_float(r, "CostPerUse"),
            calendar=calendar.name if calendar is not None else None,
        ))
    return tuple(out)


def _resource_type(resource: ET.Element) -> str:
    """Work, material or cost: MS Project 2007+ marks a cost resource with ``IsCostResource`` (its Type is 0)."""
    if _flag(resource, "IsCostResource"):
        return "cost"
    return RESOURCE_TYPES.get(_int(resource, "Type", 1), "work")


def _assignments(root: ET.Element, tasks: set[int], resources: set[int]) -> tuple[Assignment, ...]:
    out = []
    for a in root.findall("Assignments/Assignment"):
        task, resource = _int(a, "TaskUID", -1), _int(a, "ResourceUID", -1)
        if task not in tasks or resource not in resources:
            continue  # unassigned placeholders (ResourceUID -65535) and dangling rows
        out.append(Assignment(
            uid=_int(a, "UID"), task=task, resource=resource, units=_float(a, "Units", 1.0),
            work=_duration(a, "Work") or 0, actual_work=_duration(a, "ActualWork") or 0,
            remaining_work=_duration(a, "RemainingWork") or 0, start=_moment(a, "Start"),
            finish=_moment(a, "Finish"), cost=_float(a, "Cost"), contour=_int(a, "WorkContour", 0),
        ))
    return tuple(out)


def _pauses(root: ET.Element, network: Network, resource_calendars: dict[int, str]) -> dict[int, int]:
    """Working minutes of the interruptions of split tasks, from their assignments' timephased work.

    MS Project stores a split only as periods of explicitly zero work between periods of work (periods
    without work because the calendar has none carry no value). The pause is the working time, on the
    assignment's calendar, of those zero periods; minute-long zero periods are rounding of contoured work.
    """
    tasks = {t.uid: t for t in network.tasks}
    pauses: dict[int, int] = {}
    for a in root.findall("Assignments/Assignment"):
        task = tasks.get(_int(a, "TaskUID", -1))
        periods = _work_periods(a)
        worked = [i for i, (_, _, value) in enumerate(periods) if value > 0]
        if task is None or len(worked) < 2:
            continue
        gaps = [(start, finish) for start, finish, value in periods[worked[0]:worked[-1]]
                if value == 0 and finish - start >= MIN_SPLIT]
        if not gaps:
            continue
        name = resource_calendars.get(_int(a, "ResourceUID", -1)) or task.calendar
        work = build_index(network.calendar_named(name), gaps[0][0].date() - timedelta(days=1),
                           gaps[-1][1].date() + timedelta(days=1))
        pause = sum(m for m in (work.working_minutes(start, finish) for start, finish in gaps) if m >= 60)
        if pause > 0:
            pauses[task.uid] = max(pauses.get(task.uid, 0), pause)
    return pauses


def _work_periods(assignment: ET.Element) -> list[tuple[datetime, datetime, int]]:
    """(start, finish, work minutes) of the actual and remaining work periods that carry a value, in order."""
    out = []
    for period in assignment.findall("TimephasedData"):
        start, finish, value = _moment(period, "Start"), _moment(period, "Finish"), _text(period, "Value")
        if _int(period, "Type", 0) in (1, 2) and start is not None and finish is not None and value:
            out.append((start, finish, duration_minutes(value)))
    return sorted(out)


def _driven(network: Network, fixed_duration: set[int], resources: tuple[Resource, ...],
            assignments: tuple[Assignment, ...]) -> tuple[Task, ...]:
    """Tasks whose dates MS Project takes from their work assignments (not fixed-duration, not manual)."""
    calendar_of = {r.uid: r.calendar or network.calendar for r in resources if r.type == "work"}
    duration_of = {t.uid: t.duration for t in network.tasks}
    drivers: dict[int, list[Driver]] = {}
    for a in assignments:
        if a.resource in calendar_of and a.units > 0 and a.work > 0 and a.task not in fixed_duration:
            # A contoured assignment spreads its work unevenly: the task's own duration is its span.
            span = round(a.work / a.units) if a.contour == 0 else duration_of[a.task]
            drivers.setdefault(a.task, []).append(Driver(calendar_of[a.resource], span))
    return tuple(replace(t, drivers=tuple(drivers[t.uid])) if t.uid in drivers and not t.manual and t.duration
                 else t for t in network.tasks)


# -- the project -----------------------------------------------------------------------------------------------
def _project(root: ET.Element) -> MspdiProject:
    calendars = _calendars(root)
    rows = _read_tasks(root, calendars)
    project_calendar = calendars.get(_int(root, "CalendarUID", -1)) or next(iter(calendars.values()), None)
    minutes_per_day = _int(root, "MinutesPerDay", 480) or 480
    start = _moment(root, "StartDate") or min((t.start for t in rows.tasks if t.start), default=None)
    from_start = _text(root, "ScheduleFromStart", "1") != "0"
    network = Network(
        tasks=tuple(rows.tasks), links=tuple(rows.links), start=start,
        finish=_moment(root, "FinishDate") or start, from_finish=not from_start,
        calendars={c.name: c for c in calendars.values()},
        calendar=project_calendar.name if project_calendar is not None else "Standard",
        honor_constraints=_text(root, "HonorConstraints", "1") != "0",
        critical_slack=_int(root, "CriticalSlackLimit", 0) * minutes_per_day,
    )
    resources = _resources(root, calendars)
    assignments = _assignments(root, {t.uid for t in rows.tasks}, {r.uid for r in resources})
    pauses = _pauses(root, network, {r.uid: r.calendar for r in resources if r.calendar})
    network = replace(network, tasks=tuple(replace(t, pause=pauses[t.uid]) if t.uid in pauses else t
                                           for t in network.tasks))
    network = replace(network, tasks=_driven(network, rows.fixed_duration, resources, assignments))
    return MspdiProject(
        name=_text(root, "Title") or _text(root, "Name"), network=network, stored=rows.stored,
        task_ids=rows.ids, outline=rows.outline, resources=resources, assignments=assignments,
        baselines=tuple(rows.baselines), minutes_per_day=minutes_per_day,
        minutes_per_week=_int(root, "MinutesPerWeek", 2400) or 2400, currency=_text(root, "CurrencyCode"),
    )
