"""Demo cockpit data: KPI definitions for the company and each BU, the corporate status-report template, a risk
register, distribution lists, a few reports already sent (to the in-memory mail box: the demo prints nothing)
and six months of scorecard history. With ``--scale large`` it first generates the large organisation
(scale.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.mail import get_connection

from projectoffice.cockpit.models import DistributionList, KpiDefinition, ReportTemplate, Risk, ScorecardEntry
from projectoffice.cockpit.reports.fields import DEFAULT_SECTIONS
from projectoffice.cockpit.selectors.scorecard import kpi_values
from projectoffice.cockpit.services import cockpit_summary_refresh, status_report_generate, status_report_send
from projectoffice.core.demo_context import DemoContext
from projectoffice.engine.evm import month_of
from projectoffice.finance.services import project_month_figures_refresh
from projectoffice.organization.models import Company, OrgUnit

# code, name, perspective, formula, target, threshold, higher is better
KPIS = [
    ("CPI", "Cost performance", "financial", "cpi", "1", "0.9", True),
    ("OVERRUN", "Forecast overrun %", "financial", "(eac - bac) / bac * 100", "0", "10", False),
    ("GREEN", "Projects in green %", "customer", "green / projects * 100", "70", "50", True),
    ("LATE", "Late milestones", "internal", "milestones_late", "0", "5", False),
    ("RISKS", "High risks per project", "internal", "high_risks / projects", "0.2", "0.5", False),
    ("CERT", "Certified people %", "learning", "certified / people * 100", "20", "5", True),
    ("SKILLS", "Skilled people %", "learning", "skilled / people * 100", "60", "30", True),
]
RISKS = ["Supplier delivery slips", "Key architect leaves", "Customer changes scope", "Test bench unavailable",
         "Currency exposure", "Regulatory approval delayed"]


def load(ctx: DemoContext) -> None:
    if ctx.scale == "large":
        from projectoffice.cockpit.scale import generate_large

        generate_large(say=ctx.say)
    company = ctx.data.get("company")
    projects = ctx.data.get("projects", [])
    if company is None or not projects:
        ctx.say("  cockpit: no company or projects, nothing to load")
        return
    ReportTemplate.objects.update_or_create(company=company, defaults={"sections": DEFAULT_SECTIONS})
    _kpis(company, ctx.data.get("units", {}))
    _risks(ctx, projects)
    _reports(ctx, projects)
    _history(ctx, company)


def _kpis(company: Company, units: dict[str, OrgUnit]) -> None:
    owners: list[OrgUnit | None] = [None, *(u for u in units.values() if u.kind == "bu")]
    KpiDefinition.objects.bulk_create([
        KpiDefinition(company=company, unit=unit, code=code, name=name, perspective=perspective, formula=formula,
                      target=Decimal(target), threshold=Decimal(threshold), higher_is_better=higher)
        for unit in owners for code, name, perspective, formula, target, threshold, higher in KPIS
        if unit is None or perspective != "learning"
    ])


def _risks(ctx: DemoContext, projects: list) -> None:  # type: ignore[type-arg]
    Risk.objects.bulk_create([
        Risk(project=p, title=title, probability=ctx.rng.randint(1, 5), impact=ctx.rng.randint(1, 5),
             mitigation="Weekly follow-up with the owner.")
        for p in projects for title in ctx.rng.sample(RISKS, ctx.rng.randint(0, 3))
    ])


def _reports(ctx: DemoContext, projects: list) -> None:  # type: ignore[type-arg]
    """Three active projects get a weekly list and one report sent last week (built by the real services)."""
    active = [p for p in projects if p.status == "active"][:3]
    connection = get_connection("django.core.mail.backends.locmem.EmailBackend")
    for p in active:
        recipients = [f"steering-{p.code.lower()}@example.com", "pmo@example.com"]
        DistributionList.objects.create(project=p, name="Steering committee", recipients=recipients)
        report = status_report_generate(by=None, project=p, week=ctx.today - dt.timedelta(days=7),
                                        commentary="On track for the next gate; supplier risk under watch.")
        status_report_send(by=None, report=report, recipients=recipients, connection=connection)
    ctx.say(f"  cockpit: {len(KPIS)} KPIs per unit, {len(active)} status reports sent")


def _history(ctx: DemoContext, company: Company) -> None:
    """Six closed months of scorecard history, each computed from that month's stored figures (written here
    through the finance writer, as closing the month does) as the monthly job would have."""
    month = month_of(ctx.today)
    entries = []
    for back in range(6, 0, -1):
        index = month.year * 12 + month.month - 1 - back
        day = dt.date(index // 12, index % 12 + 1, 1)
        project_month_figures_refresh(company=company, month=day)
        entries += [ScorecardEntry(kpi=v.kpi, month=day, value=v.value, rating=v.rating)
                    for v in kpi_values(company, month=day)]
    ScorecardEntry.objects.bulk_create(entries)
    cockpit_summary_refresh(company=company, month=day)  # the cockpit's summary of the last closed month
