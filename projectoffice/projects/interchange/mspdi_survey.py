"""What an MSPDI file holds beyond the engine's reading: the task fields the product keeps that the engine does not
need (notes, WBS code, priority, fixed cost), the references that must hold (calendars, link targets), and an
inventory of every element Project Office does not keep, for the import report.

It reads the tree the engine's ``mspdi_root`` parsed (defusedxml, size limit), so a file is parsed once.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from projectoffice.core.errors import ApplicationError

KEPT: dict[str, frozenset[str]] = {
    "Project": frozenset({
        "Name", "Title", "StartDate", "FinishDate", "ScheduleFromStart", "CalendarUID", "MinutesPerDay",
        "MinutesPerWeek", "CurrencyCode", "HonorConstraints", "CriticalSlackLimit", "StatusDate", "Calendars",
        "Tasks", "Resources", "Assignments",
    }),
    "Task": frozenset({
        "UID", "ID", "Name", "Active", "Manual", "OutlineLevel", "OutlineNumber", "WBS", "Start", "Finish",
        "Duration", "DurationFormat", "RemainingDuration", "Milestone", "Summary", "PercentComplete",
        "PhysicalPercentComplete", "ConstraintType", "ConstraintDate", "Deadline", "CalendarUID", "ActualStart",
        "ActualFinish", "PredecessorLink", "Baseline", "Notes", "Priority", "FixedCost", "EarlyStart",
        "EarlyFinish", "LateStart", "LateFinish", "TotalSlack", "FreeSlack", "Critical", "IsNull", "ManualStart",
        "ManualFinish", "ManualDuration", "Type",
    }),
    "Resource": frozenset({"UID", "ID", "Name", "Type", "EmailAddress", "MaxUnits", "StandardRate", "IsNull",
                            "IsCostResource"}),
    "Assignment": frozenset({"UID", "TaskUID", "ResourceUID", "Units", "Work", "ActualWork"}),
}
REASONS = {
    "ExtendedAttribute": "custom field",
    "ExtendedAttributes": "custom field definitions",
    "OutlineCodes": "outline code definitions",
    "OutlineCode": "outline code",
    "TimephasedData": "timephased values (Project Office spreads work evenly)",
    "Baseline": "baseline of a resource or an assignment (task baselines are kept)",
    "Hyperlink": "hyperlink",
    "OvertimeRate": "cost rate (the company's rates are kept in finance)",
    "CostPerUse": "cost rate (the company's rates are kept in finance)",
    "Rates": "cost rate table",
    "AvailabilityPeriods": "resource availability periods",
    "CalendarUID": "resource calendar (a pool resource has no project calendar)",
}
COMPUTED = frozenset({
    "Work", "Cost", "ActualWork", "ActualCost", "RemainingWork", "RemainingCost", "ActualDuration", "BCWS", "BCWP",
    "ACWP", "CV", "SV", "VAC", "StartVariance", "FinishVariance", "WorkVariance", "CostVariance", "DurationVariance",
    "StartSlack", "FinishSlack", "RegularWork", "OvertimeWork", "OvertimeCost", "ActualOvertimeWork",
    "ActualOvertimeCost", "RemainingOvertimeWork", "RemainingOvertimeCost", "PercentWorkComplete", "OverAllocated",
    "PeakUnits", "Start", "Finish", "CreateDate", "CreationDate", "LastSaved", "GUID", "Guid", "ID",
})
DEFAULTS = frozenset({"", "0", "0.0", "-1", "PT0H0M0S", "0.00"})


@dataclass(frozen=True, slots=True)
class TaskExtras:
    notes: str = ""
    wbs: str = ""
    priority: int = 500
    fixed_cost: Decimal = Decimal("0")
    physical_percent: Decimal | None = None


@dataclass(frozen=True, slots=True)
class NotKept:
    """One kind of element the import leaves out: where, how many, a few examples and why."""

    where: str
    count: int
    examples: tuple[str, ...]
    reason: str


@dataclass(slots=True)
class Survey:
    tasks: dict[int, TaskExtras] = field(default_factory=dict)
    not_kept: list[NotKept] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)


def _text(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return found.text.strip() if found is not None and found.text else ""


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def survey_mspdi(root: ET.Element) -> Survey:
    """Extras, checks and the inventory of what is not kept; raises ApplicationError on broken references."""
    survey = Survey()
    _check_references(root)
    for task in root.findall("Tasks/Task"):
        _survey_task(task, survey)
    inventory: dict[str, tuple[Counter[str], dict[str, list[str]]]] = {}
    _inventory(root, "Project", inventory)
    for kind, path in (("Task", "Tasks/Task"), ("Resource", "Resources/Resource"),
                       ("Assignment", "Assignments/Assignment")):
        for element in root.findall(path):
            if not _ignored(element):
                _inventory(element, kind, inventory)
    survey.not_kept = _not_kept(inventory)
    return survey


def _survey_task(task: ET.Element, survey: Survey) -> None:
    if not _text(task, "UID"):
        return
    uid = int(_text(task, "UID"))
    if _text(task, "IsNull") in ("1", "true"):
        survey.dropped["empty (null) task rows"] += 1
        return
    if _text(task, "Active") == "0":
        survey.dropped["inactive tasks"] += 1
    survey.dropped["links to other projects"] += sum(
        1 for link in task.findall("PredecessorLink") if _text(link, "CrossProject") in ("1", "true"))
    priority = _decimal(_text(task, "Priority"))
    survey.tasks[uid] = TaskExtras(
        notes=_text(task, "Notes"), wbs=_text(task, "WBS")[:60],
        priority=min(max(int(priority), 0), 1000) if priority is not None else 500,
        fixed_cost=_decimal(_text(task, "FixedCost")) or Decimal("0"),
        physical_percent=_decimal(_text(task, "PhysicalPercentComplete")),
    )


def _check_references(root: ET.Element) -> None:
    """Tasks and resources name calendars the file defines; links name tasks it holds."""
    calendars = {_text(c, "UID") for c in root.findall("Calendars/Calendar")}
    tasks = {_text(t, "UID") for t in root.findall("Tasks/Task")}
    for kind, path in (("Task", "Tasks/Task"), ("Resource", "Resources/Resource")):
        for element in root.findall(path):
            if _ignored(element):
                continue
            uid = _text(element, "CalendarUID")
            if uid and uid != "-1" and uid not in calendars:
                raise ApplicationError(
                    f"{kind} {_text(element, 'UID')} ({_text(element, 'Name')}) uses calendar UID {uid}, "
                    "which the file does not define.", field="file")
    for task in root.findall("Tasks/Task"):
        if _ignored(task):
            continue
        for link in task.findall("PredecessorLink"):
            target = _text(link, "PredecessorUID")
            if target and _text(link, "CrossProject") not in ("1", "true") and target not in tasks:
                raise ApplicationError(
                    f"Task {_text(task, 'UID')} ({_text(task, 'Name')}) is linked to task UID {target}, "
                    "which the file does not hold.", field="file")


def _ignored(element: ET.Element) -> bool:
    """Rows MS Project writes but nobody entered: null rows and the unnamed resource 0 (the engine skips them)."""
    placeholder = element.tag == "Resource" and _text(element, "UID") == "0" and not _text(element, "Name")
    return placeholder or _text(element, "IsNull") in ("1", "true") or not _text(element, "UID")


def _inventory(element: ET.Element, kind: str,
               found: dict[str, tuple[Counter[str], dict[str, list[str]]]]) -> None:
    counts, examples = found.setdefault(kind, (Counter(), {}))
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or tag in KEPT[kind] or (tag in COMPUTED and tag not in REASONS):
            continue
        value = (child.text or "").strip()
        if len(child) == 0 and value in DEFAULTS:
            continue
        counts[tag] += 1
        sample = examples.setdefault(tag, [])
        if len(sample) < 3:
            sample.append(_example(child, value))


def _example(child: ET.Element, value: str) -> str:
    if child.tag == "ExtendedAttribute":
        return f"field {_text(child, 'FieldID')} = {_text(child, 'Value')[:40]!r}"
    if len(child):
        return f"{len(child)} sub-elements"
    return value[:60]


def _not_kept(found: dict[str, tuple[Counter[str], dict[str, list[str]]]]) -> list[NotKept]:
    out = []
    for kind, (counts, examples) in found.items():
        options = []
        for tag, count in counts.most_common():
            if kind == "Project" and tag not in REASONS:
                options.append(f"{tag} = {examples[tag][0]}")
                continue
            reason = REASONS.get(tag, "no place for it in Project Office")
            out.append(NotKept(f"{kind}.{tag}", count, tuple(examples[tag]), reason))
        if options:
            out.append(NotKept("Project options", len(options), tuple(sorted(options)[:3]),
                               "MS Project settings without a Project Office equivalent"))
    return sorted(out, key=lambda item: (item.reason != "custom field", -item.count, item.where))
