"""Every write of the cockpit app: KPI definitions, the corporate template, distribution lists, risks,
status reports (generated fully, then sent: a failure sends nothing) and the monthly scorecard snapshot."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from projectoffice.cockpit.formula import formula_check
from projectoffice.cockpit.models import (
    DistributionList,
    KpiDefinition,
    Perspective,
    ReportTemplate,
    Risk,
    StatusReport,
)
from projectoffice.cockpit.permissions import may_define_kpis, may_edit_template, may_report_on
from projectoffice.cockpit.reports.content import report_content
from projectoffice.cockpit.reports.fields import DEFAULT_SECTIONS, sections_check
from projectoffice.cockpit.reports.render import report_html, report_pdf
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.organization.models import Company, OrgUnit
from projectoffice.people.models import Person
from projectoffice.projects.models import Project

MAX_RECIPIENTS = 200


def _decimal(value: Any, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(f"{value!r} is not a number.", field=field) from exc


@transaction.atomic
def kpi_define(*, by: Any, company: Company, unit: OrgUnit | None, code: str, name: str, perspective: str,
               formula: str, target: Any, threshold: Any, higher_is_better: bool = True) -> KpiDefinition:
    """Create or replace the KPI ``code`` of ``unit`` (the company when None)."""
    if not may_define_kpis(by, company=company, unit=unit):
        raise PermissionDenied()
    if unit is not None and (unit.company_id != company.pk or unit.kind not in ("bu", "bl", "pl")):
        raise ApplicationError("A KPI belongs to a BU, BL or PL of the company.", field="unit")
    if perspective not in Perspective.values:
        raise ApplicationError(f"Unknown perspective {perspective!r}.", field="perspective")
    if not code.strip() or not name.strip():
        raise ApplicationError("A KPI needs a code and a name.", field="code" if not code.strip() else "name")
    formula_check(formula)
    kpi, _ = KpiDefinition.objects.update_or_create(
        company=company, unit=unit, code=code.strip(),
        defaults={"name": name.strip(), "perspective": perspective, "formula": formula.strip(),
                  "target": _decimal(target, "target"), "threshold": _decimal(threshold, "threshold"),
                  "higher_is_better": higher_is_better})
    audit_record(actor=by, action="kpi.defined", target=kpi)
    return kpi


@transaction.atomic
def kpi_delete(*, by: Any, kpi: KpiDefinition) -> None:
    if not may_define_kpis(by, company=kpi.company, unit=kpi.unit):
        raise PermissionDenied()
    audit_record(actor=by, action="kpi.deleted", target=kpi)
    kpi.delete()


def template_of(company: Company) -> ReportTemplate:
    """The company's template; the default sections until the PMO edits it (not saved: a read)."""
    found = ReportTemplate.objects.filter(company=company).first()
    return found or ReportTemplate(company=company, sections=DEFAULT_SECTIONS)


@transaction.atomic
def report_template_update(*, by: Any, company: Company, title: str, sections: Any) -> ReportTemplate:
    """The PMO's corporate template; an unknown field is refused by name (see reports/fields.py)."""
    if not may_edit_template(by, company=company):
        raise PermissionDenied()
    if not title.strip():
        raise ApplicationError("The template needs a title.", field="title")
    clean = sections_check(sections)
    template, _ = ReportTemplate.objects.update_or_create(company=company, defaults={"title": title.strip()[:120],
                                                                                     "sections": clean})
    audit_record(actor=by, action="report_template.updated", target=template)
    return template


def recipients_check(recipients: list[str]) -> list[str]:
    clean = sorted({r.strip().lower() for r in recipients if r.strip()})
    if not clean or len(clean) > MAX_RECIPIENTS:
        raise ApplicationError(f"A distribution list has 1 to {MAX_RECIPIENTS} addresses.", field="recipients")
    for address in clean:
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ApplicationError(f"{address!r} is not an e-mail address.", field="recipients") from exc
    return clean


@transaction.atomic
def distribution_list_set(*, by: Any, project: Project, name: str, recipients: list[str],
                          weekly: bool = True) -> DistributionList:
    if not may_report_on(by, project):
        raise PermissionDenied()
    if not name.strip():
        raise ApplicationError("The list needs a name.", field="name")
    clean = recipients_check(recipients)
    dlist, _ = DistributionList.objects.update_or_create(project=project, name=name.strip()[:120],
                                                         defaults={"recipients": clean, "weekly": weekly})
    audit_record(actor=by, action="distribution_list.set", target=dlist)
    return dlist


@transaction.atomic
def risk_record(*, by: Any, project: Project, title: str, probability: int, impact: int, mitigation: str = "",
                owner: Person | None = None) -> Risk:
    if not may_report_on(by, project):
        raise PermissionDenied()
    if not title.strip():
        raise ApplicationError("A risk needs a title.", field="title")
    for field, value in (("probability", probability), ("impact", impact)):
        if not 1 <= int(value) <= 5:
            raise ApplicationError(f"The {field} is between 1 and 5.", field=field)
    risk = Risk.objects.create(project=project, title=title.strip()[:200], probability=probability, impact=impact,
                               mitigation=mitigation, owner=owner)
    audit_record(actor=by, action="risk.recorded", target=risk)
    return risk


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def status_report_generate(*, by: Any, project: Project, week: dt.date | None = None,
                           commentary: str = "") -> StatusReport:
    """Generate the whole report (HTML and PDF) and archive it; nothing is stored if any part fails."""
    if by is not None and not may_report_on(by, project):
        raise PermissionDenied()
    monday = week_of(week or timezone.localdate())
    template = template_of(project.company)
    content = report_content(project=project, week=monday, title=template.title,
                             sections=sections_check(template.sections), commentary=commentary)
    report = StatusReport.objects.create(
        project=project, week=monday, commentary=commentary, html=report_html(content), pdf=report_pdf(content),
        generated_by=getattr(by, "person", None) if by is not None else None)
    audit_record(actor=by, action="status_report.generated", target=report)
    return report


@transaction.atomic
def status_report_send(*, by: Any, report: StatusReport, recipients: list[str],
                       connection: Any = None) -> StatusReport:
    """E-mail the generated report (HTML body, PDF attached) to everyone in one message, then archive who it went
    to. The message is complete before sending; if the backend fails nothing is recorded as sent."""
    if by is not None and not may_report_on(by, report.project):
        raise PermissionDenied()
    clean = recipients_check(recipients)
    message = EmailMultiAlternatives(
        subject=f"Status report {report.project.code} — week of {report.week:%Y-%m-%d}",
        body=f"The status report of {report.project.code} {report.project.name} is attached.",
        from_email=settings.DEFAULT_FROM_EMAIL, to=[], bcc=clean, connection=connection)
    message.attach_alternative(report.html, "text/html")
    message.attach(report.file_name, bytes(report.pdf), "application/pdf")
    message.send(fail_silently=False)
    report.state, report.sent_at, report.sent_to = StatusReport.State.SENT, timezone.now(), clean
    report.save(update_fields=["state", "sent_at", "sent_to"])
    audit_record(actor=by, action="status_report.sent", target=report)
    return report


@transaction.atomic
def scorecard_snapshot(*, company: Company, month: dt.date | None = None) -> int:
    """Record every KPI's value at the end of ``month`` (default: the last closed month, whose figures the
    finance app has stored) — the scorecard's history; re-running a month replaces its entries (a late
    refresh of the figures is picked up). Returns the number of entries written."""
    from projectoffice.cockpit.models import ScorecardEntry
    from projectoffice.cockpit.selectors.figures import last_closed_month
    from projectoffice.cockpit.selectors.scorecard import kpi_values
    from projectoffice.engine.evm import month_of

    month = month_of(month or last_closed_month(company))
    values = kpi_values(company, month=month)
    for v in values:
        ScorecardEntry.objects.update_or_create(kpi=v.kpi, month=month,
                                                defaults={"value": v.value, "rating": v.rating})
    return len(values)


@transaction.atomic
def cockpit_summary_refresh(*, company: Company, month: dt.date | None = None, by: Any = None) -> int:
    """Store the cockpit's sums of every (BU, line) of the company for ``month`` (default: the last closed
    month) and each line's costliest projects for the charts, replacing the month's previous summary — run
    after the month's figures are written and daily (milestones due and late depend on the day). Returns the
    number of groups stored."""
    from projectoffice.cockpit.models import CockpitChartPoint, CockpitSummary
    from projectoffice.cockpit.selectors.figures import CHART_POINTS, last_closed_month
    from projectoffice.cockpit.selectors.summary import points_compute, summary_compute
    from projectoffice.engine.evm import month_of

    month = month_of(month or last_closed_month(company))
    now, currency = timezone.now(), company.reporting_currency
    key = {"company": company, "month": month}
    CockpitSummary.objects.filter(**key).delete()
    CockpitChartPoint.objects.filter(**key).delete()
    CockpitSummary.objects.bulk_create(
        CockpitSummary(**key, currency=currency, computed_on=timezone.localdate(), computed_at=now, **row)
        for row in summary_compute(company, month, currency, now))
    CockpitChartPoint.objects.bulk_create(
        CockpitChartPoint(**key, **point) for point in points_compute(company, month, currency, CHART_POINTS))
    count = CockpitSummary.objects.filter(**key).count()
    audit_record(actor=by, action="cockpit_summary.refreshed", target=company,
                 data={"month": f"{month:%Y-%m}", "groups": count})
    return count
