"""What a weekly status report says about one project, read from the data once and frozen into tables that
every rendering (HTML, PDF, XLSX) shows the same way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils import timezone

from projectoffice.cockpit.models import Risk
from projectoffice.cockpit.reports.fields import FIELDS
from projectoffice.core.errors import ApplicationError
from projectoffice.engine.evm import month_of
from projectoffice.finance.selectors.evm import project_evm
from projectoffice.projects.models import Project, Task


@dataclass
class Block:
    """One field of the template: a heading and a table (and, for charts, the series drawn from it)."""

    field: str
    heading: str
    header: list[str]
    rows: list[list[str]]
    chart: dict[str, Any] | None = None


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class ReportContent:
    title: str
    project: Project
    week: dt.date
    generated_at: dt.datetime
    sections: list[Section]


def report_content(*, project: Project, week: dt.date, title: str, sections: list[dict[str, Any]],
                   commentary: str) -> ReportContent:
    """The report of ``project`` for the week starting ``week`` along the template's ``sections``."""
    cache: dict[str, Block] = {}
    built = []
    for section in sections:
        blocks = []
        for name in section["fields"]:
            if name not in cache:
                cache[name] = BUILDERS[name](project, week, commentary)
            blocks.append(cache[name])
        built.append(Section(section["title"], blocks))
    return ReportContent(title, project, week, timezone.now(), built)


def _day(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return "—"
    return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _index(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _identity(p: Project, week: dt.date, commentary: str) -> Block:
    manager = str(p.project_manager) if p.project_manager else "—"
    return Block("identity", FIELDS["identity"], ["Item", "Value"], [
        ["Code", p.code], ["Name", p.name], ["Business line", str(p.business_line)], ["Lead site", str(p.lead_site)],
        ["Project manager", manager], ["Week of", week.isoformat()]])


def _status(p: Project, week: dt.date, commentary: str) -> Block:
    return Block("status", FIELDS["status"], ["Item", "Value"], [
        ["Status", p.get_status_display()], ["Health", p.get_health_display()],
        ["Reason", p.health_reason or "—"]])


def _schedule(p: Project, week: dt.date, commentary: str) -> Block:
    return Block("schedule", FIELDS["schedule"], ["Date", "Value"], [
        ["Planned start", _day(p.planned_start)], ["Scheduled start", _day(p.scheduled_start)],
        ["Scheduled finish", _day(p.scheduled_finish)], ["Status date", _day(p.status_date)]])


def _milestones(p: Project, week: dt.date, commentary: str) -> Block:
    now = timezone.now()
    rows = []
    for t in Task.objects.filter(project=p, is_milestone=True).order_by("finish", "sort_index")[:50]:
        state = "done" if t.actual_finish else ("late" if t.finish and t.finish < now else "due")
        rows.append([t.name, _day(t.finish), state])
    return Block("milestones", FIELDS["milestones"], ["Milestone", "Finish", "State"], rows)


def _gantt(p: Project, week: dt.date, commentary: str) -> Block:
    tasks = Task.objects.filter(project=p, is_summary=True, parent__isnull=True).order_by("sort_index")[:30]
    rows = [[t.name, _day(t.start), _day(t.finish), f"{t.percent_complete:.0f} %"] for t in tasks]
    chart = {"tasks": [(t.name, t.start, t.finish) for t in tasks if t.start and t.finish]}
    return Block("gantt_summary", FIELDS["gantt_summary"], ["Summary task", "Start", "Finish", "Done"], rows,
                 chart=chart)


def _evm_of(p: Project, week: dt.date) -> Any:
    try:
        return project_evm(project=p, month=month_of(week))
    except ApplicationError:
        return None


def _evm(p: Project, week: dt.date, commentary: str) -> Block:
    result = _evm_of(p, week)
    if result is None:
        return Block("evm", FIELDS["evm"], ["Figure", p.currency], [["Earned value", "not available"]])
    f = result.figures
    return Block("evm", FIELDS["evm"], ["Figure", p.currency], [
        ["BAC", _money(f.bac)], ["PV", _money(f.pv)], ["EV", _money(f.ev)], ["AC", _money(f.ac)],
        ["SPI", _index(f.spi)], ["CPI", _index(f.cpi)], ["EAC", _money(f.eac)], ["VAC", _money(f.vac)]])


def _s_curve(p: Project, week: dt.date, commentary: str) -> Block:
    result = _evm_of(p, week)
    points = result.curve if result else ()
    rows = [[pt.month.strftime("%Y-%m"), _money(pt.pv), _money(pt.ev), _money(pt.ac)] for pt in points]
    chart = {"months": [pt.month.strftime("%Y-%m") for pt in points],
             "pv": [float(pt.pv) for pt in points],
             "ev": [None if pt.ev is None else float(pt.ev) for pt in points],
             "ac": [None if pt.ac is None else float(pt.ac) for pt in points]}
    return Block("s_curve", FIELDS["s_curve"], ["Month", "PV", "EV", "AC"], rows, chart=chart)


def _risks(p: Project, week: dt.date, commentary: str) -> Block:
    risks = Risk.objects.filter(project=p, status=Risk.Status.OPEN)[:30]
    rows = [[r.title, str(r.probability), str(r.impact), str(r.exposure), r.mitigation or "—"] for r in risks]
    return Block("risks", FIELDS["risks"], ["Risk", "P", "I", "Exposure", "Mitigation"], rows)


def _changes(p: Project, week: dt.date, commentary: str) -> Block:
    try:
        model = apps.get_model("changes", "ChangeRequest")
    except LookupError:
        return Block("changes", FIELDS["changes"], ["Change request"], [])
    requests = model.objects.filter(project=p).order_by("-number")[:30]
    rows = [[f"CR-{c.number}", c.title, c.get_status_display(), _day(c.raised_at)] for c in requests]
    return Block("changes", FIELDS["changes"], ["Number", "Title", "Status", "Raised"], rows)


def _commentary(p: Project, week: dt.date, commentary: str) -> Block:
    return Block("commentary", FIELDS["commentary"], ["Commentary"], [[commentary or "—"]])


BUILDERS = {"identity": _identity, "status": _status, "schedule": _schedule, "milestones": _milestones,
            "gantt_summary": _gantt, "evm": _evm, "s_curve": _s_curve, "risks": _risks, "changes": _changes,
            "commentary": _commentary}
assert set(BUILDERS) == set(FIELDS)
