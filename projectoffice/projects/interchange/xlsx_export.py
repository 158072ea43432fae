"""The WBS as an Excel workbook (openpyxl): one row per task in outline order, names indented by outline level,
MS Project's duration and predecessor texts, dates in the lead site's wall-clock time."""

from __future__ import annotations

import io
import zoneinfo
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from projectoffice.projects.interchange.wbs_sheet import (
    COLUMNS,
    SHEET,
    Predecessor,
    duration_text,
    predecessor_text,
    resources_text,
)
from projectoffice.projects.models import Assignment, Project, Task, TaskLink

WIDTHS = {"A": 6, "B": 7, "C": 10, "D": 48, "E": 6, "F": 10, "G": 17, "H": 17, "I": 22, "J": 30, "K": 11, "L": 17,
          "M": 11}


def xlsx_export(*, project: Project) -> bytes:
    """The workbook's bytes (the caller has checked the user may see the project); four queries."""
    zone = zoneinfo.ZoneInfo(project.lead_site.time_zone)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    predecessors, resources = _predecessors(project), _resources(project)
    for task in Task.objects.filter(project=project).order_by("sort_index"):
        sheet.append(_row(task, zone, predecessors, resources, day=project.minutes_per_day))
        sheet.cell(row=sheet.max_row, column=4).alignment = Alignment(indent=task.outline_level - 1)
        if task.is_summary:
            sheet.cell(row=sheet.max_row, column=4).font = Font(bold=True)
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "E2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(task: Task, zone: zoneinfo.ZoneInfo, predecessors: dict[int, str], resources: dict[int, str], *,
         day: int) -> list:
    def local(moment):  # type: ignore[no-untyped-def]
        return moment.astimezone(zone).replace(tzinfo=None) if moment else None

    return [task.sort_index, task.uid, task.wbs, task.name, task.outline_level,
            duration_text(task.duration_minutes, task.elapsed, day=day), local(task.start), local(task.finish),
            predecessors.get(task.pk, ""), resources.get(task.pk, ""),
            task.constraint if task.constraint != "ASAP" else "", local(task.constraint_date),
            float(task.percent_complete)]


def _predecessors(project: Project) -> dict[int, str]:
    out: dict[int, list[str]] = defaultdict(list)
    rows = TaskLink.objects.filter(project=project).order_by("predecessor__sort_index").values_list(
        "successor_id", "predecessor__sort_index", "type", "lag", "lag_kind")
    for successor, row, kind, lag, lag_kind in rows:
        out[successor].append(predecessor_text(Predecessor(row, kind, lag, lag_kind), day=project.minutes_per_day))
    return {pk: "; ".join(items) for pk, items in out.items()}


def _resources(project: Project) -> dict[int, str]:
    out: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for task, name, units in Assignment.objects.filter(project=project).order_by("resource__name").values_list(
            "task_id", "resource__name", "units"):
        out[task].append((name, float(units)))
    return {pk: resources_text(items) for pk, items in out.items()}
