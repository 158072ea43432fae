"""The balanced scorecard: each KPI's value over its unit's projects (and people, for learning & growth), its
rating against target and threshold, and its monthly history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from projectoffice.cockpit.formula import formula_evaluate
from projectoffice.cockpit.models import KpiDefinition, Perspective, ScorecardEntry
from projectoffice.cockpit.selectors.figures import (
    CockpitScope,
    Sums,
    UnitGroup,
    last_closed_month,
    sums_of_unit,
    unit_groups,
)
from projectoffice.cockpit.selectors.filters import CockpitFilters
from projectoffice.engine.evm import month_of
from projectoffice.organization.models import Company
from projectoffice.people.models import Certification, Person, PersonSkill


@dataclass
class KpiValue:
    kpi: KpiDefinition
    value: Decimal | None
    rating: str  # green / amber / red / "" (no value)
    history: list[ScorecardEntry] = field(default_factory=list)


@dataclass
class Scorecard:
    month: dt.date
    perspectives: list[tuple[object, list[KpiValue]]]


def kpis_visible_to(user: object, company: Company) -> QuerySet[KpiDefinition]:
    return KpiDefinition.objects.filter(company=company).select_related("unit").order_by("perspective", "code")


def rating(kpi: KpiDefinition, value: Decimal | None) -> str:
    """Green at or beyond the target, red beyond the threshold (on the wrong side), amber between."""
    if value is None:
        return ""
    sign = 1 if kpi.higher_is_better else -1
    if sign * (value - kpi.target) >= 0:
        return "green"
    return "red" if sign * (value - kpi.threshold) < 0 else "amber"


def people_counts(company: Company) -> dict[str, dict[str, int]]:
    """Per unit code (BU, BL, PL — a person counts in every unit above their group's line) and "" for the
    company: people, those holding a current certification, those with a skill at level 3 or more. One query."""
    today = dt.date.today()
    current = Certification.objects.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today),
                                           person=OuterRef("pk"))
    skilled = PersonSkill.objects.filter(person=OuterRef("pk"), level__gte=3)
    rows = (Person.objects.filter(company=company)
            .annotate(certified=Exists(current), skilled=Exists(skilled))
            .values_list("group__business_line__code", "group__business_line__parent__code",
                         "group__business_line__parent__parent__code", "certified", "skilled"))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"people": 0, "certified": 0, "skilled": 0})
    for *units, certified, has_skill in rows:
        for code in {"", *(u for u in units if u)}:
            counts[code]["people"] += 1
            counts[code]["certified"] += int(certified)
            counts[code]["skilled"] += int(has_skill)
    return counts


def unit_metrics(groups: list[UnitGroup], unit_code: str | None, people: dict[str, dict[str, int]]
                 ) -> dict[str, Decimal | None]:
    """The formula metrics (formula.METRICS) of a unit (None: the company)."""
    sums: Sums = sums_of_unit(groups, unit_code)
    metrics: dict[str, Decimal | None] = {
        name: Decimal(getattr(sums, name)) for name in ("projects", "green", "amber", "red", "bac", "pv", "ev",
                                                          "ac", "eac", "milestones_due", "milestones_late",
                                                          "open_risks", "high_risks")}
    metrics["spi"] = None if sums.spi is None else Decimal(str(round(sums.spi, 6)))
    metrics["cpi"] = None if sums.cpi is None else Decimal(str(round(sums.cpi, 6)))
    for name, value in people.get(unit_code or "", {"people": 0, "certified": 0, "skilled": 0}).items():
        metrics[name] = Decimal(value)
    return metrics


def kpi_values(company: Company, *, month: dt.date | None = None) -> list[KpiValue]:
    """Every KPI of the company at ``month``, computed from the whole company's data (the system's view)."""
    month = month_of(month or last_closed_month(company))
    groups = unit_groups(CockpitScope(None, CockpitFilters(), company), month, timezone.now(),
                         company.reporting_currency)
    people = people_counts(company)
    values = []
    for kpi in kpis_visible_to(None, company):
        value = formula_evaluate(kpi.formula, unit_metrics(groups, kpi.unit.code if kpi.unit else None, people))
        values.append(KpiValue(kpi, value, rating(kpi, value)))
    return values


def scorecard(company: Company, *, month: dt.date | None = None) -> Scorecard:
    """The four perspectives with today's value of each KPI and its last twelve monthly entries."""
    values = kpi_values(company, month=month)
    history: dict[int, list[ScorecardEntry]] = defaultdict(list)
    for entry in ScorecardEntry.objects.filter(kpi__company=company).order_by("month"):
        history[entry.kpi_id].append(entry)
    for v in values:
        v.history = history[v.kpi.pk][-12:]
    groups: list[tuple[object, list[KpiValue]]] = [
        (label, [v for v in values if v.kpi.perspective == key]) for key, label in Perspective.choices]
    return Scorecard(month=dt.date.today().replace(day=1), perspectives=groups)
