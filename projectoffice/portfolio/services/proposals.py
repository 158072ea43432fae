"""Proposals: intake, business case, skills demand, dependencies, feasibility, ratings, and their lifecycle
idea → screening → feasibility → review → approved / rejected / deferred (approved becomes a project)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError
from projectoffice.core.validation import apply_changes, validated_save
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.portfolio.business_case import appraise, business_case
from projectoffice.engine.portfolio.scoring import weighted_scores
from projectoffice.organization.models import OrgUnit, Site
from projectoffice.people.models import Person, Skill
from projectoffice.portfolio.models import (
    BusinessDriver,
    CashFlowYear,
    Dependency,
    FeasibilityStudy,
    Proposal,
    Rating,
    SkillDemand,
)
from projectoffice.portfolio.permissions import require_decide, require_manage

User = AbstractBaseUser | AnonymousUser | None  # None: the system (demo, jobs)
State = Proposal.State
PROPOSAL_FIELDS = ("code", "name", "description", "nature", "lead_site", "sponsor", "customer", "currency",
                   "discount_rate", "risk", "risk_notes", "earliest_start", "latest_start", "mandatory")
# Who moves a proposal: the PMO through screening and feasibility to review; the board decides.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.IDEA: frozenset({State.SCREENING, State.REJECTED}),
    State.SCREENING: frozenset({State.FEASIBILITY, State.REJECTED, State.DEFERRED}),
    State.FEASIBILITY: frozenset({State.REVIEW, State.REJECTED, State.DEFERRED}),
    State.REVIEW: frozenset({State.APPROVED, State.REJECTED, State.DEFERRED}),
    State.DEFERRED: frozenset({State.SCREENING, State.REVIEW, State.REJECTED}),
    State.APPROVED: frozenset(),
    State.REJECTED: frozenset(),
}
BOARD_DECISIONS = frozenset({State.APPROVED, State.REJECTED, State.DEFERRED})


@transaction.atomic
def proposal_create(*, by: User, line: OrgUnit, code: str, name: str, lead_site: Site, earliest_start: dt.date,
                    latest_start: dt.date, currency: str = "", **fields: Any) -> Proposal:
    require_manage(by, line)
    apply_changes(Proposal(), fields, allowed=PROPOSAL_FIELDS)  # refuses unknown fields by name
    proposal = Proposal(business_line=line, code=code, name=name, lead_site=lead_site,
                        earliest_start=earliest_start, latest_start=latest_start,
                        currency=currency or lead_site.currency, **fields)
    validated_save(proposal)
    audit_record(actor=by, action="proposal.created", target=proposal)
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, by: User, changes: dict[str, Any],
                    expected_version: int | None = None) -> Proposal:
    require_manage(by, proposal.business_line)
    _refuse_if_decided(proposal)
    check_version(proposal, expected_version)
    changed = apply_changes(proposal, changes, allowed=PROPOSAL_FIELDS)
    if changed:
        bump_version(proposal)
        if {"currency", "discount_rate"} & set(changed):
            _appraise(proposal)
        validated_save(proposal)
        audit_record(actor=by, action="proposal.updated", target=proposal, data={"fields": changed})
    return proposal


def _refuse_if_decided(proposal: Proposal) -> None:
    if proposal.state in (State.APPROVED, State.REJECTED):
        raise ApplicationError(f"{proposal.code} was {proposal.get_state_display().lower()}; it can no longer change.",
                               field="state")


@transaction.atomic
def proposal_set_cash_flows(*, proposal: Proposal, by: User,
                            years: list[tuple[int, Decimal, Decimal]]) -> Proposal:
    """Replace the business case: (year, cost, benefit) rows, year 0 = the start year."""
    require_manage(by, proposal.business_line)
    _refuse_if_decided(proposal)
    seen: set[int] = set()
    for year, cost, benefit in years:
        if year in seen:
            raise ApplicationError(f"Year {year} appears twice in the business case.", field="cash_flows")
        if cost < 0 or benefit < 0:
            raise ApplicationError(f"Year {year}: costs and benefits are non-negative amounts.", field="cash_flows")
        seen.add(year)
    proposal.cash_flows.all().delete()
    CashFlowYear.objects.bulk_create(
        [CashFlowYear(proposal=proposal, year=y, cost=c, benefit=b) for y, c, b in sorted(years)]
    )
    _appraise(proposal)
    proposal.save(update_fields=["npv", "irr", "payback_years", "total_cost"])
    audit_record(actor=by, action="proposal.business_case_set", target=proposal, data={"years": len(years)})
    return proposal


def _appraise(proposal: Proposal) -> None:
    rows = list(proposal.cash_flows.order_by("year"))
    if not rows:
        proposal.npv = proposal.irr = proposal.payback_years = None
        proposal.total_cost = Decimal("0")
        return
    length = rows[-1].year + 1
    costs, benefits = [Decimal("0")] * length, [Decimal("0")] * length
    for row in rows:
        costs[row.year], benefits[row.year] = row.cost, row.benefit
    try:
        appraisal = appraise(business_case(costs, benefits), rate=float(proposal.discount_rate) / 100)
    except InvalidInputError as exc:
        raise ApplicationError(str(exc), field="cash_flows") from exc
    proposal.npv, proposal.irr, proposal.payback_years = appraisal.npv, appraisal.irr, appraisal.payback_years
    proposal.total_cost = sum(costs, Decimal("0"))  # type: ignore[assignment]


@transaction.atomic
def proposal_set_skill_demand(*, proposal: Proposal, by: User,
                              rows: list[tuple[Skill, Site | None, int, Decimal]]) -> Proposal:
    """Replace the skills demand: (skill, site or None, month from start, FTE) rows."""
    require_manage(by, proposal.business_line)
    _refuse_if_decided(proposal)
    cells: set[tuple[int, int | None, int]] = set()
    for skill, site, month, fte in rows:
        if fte < 0:
            raise ApplicationError(f"{skill.name}, month {month}: FTE cannot be negative.", field="skill_demand")
        if not 0 <= month <= 120:
            raise ApplicationError(f"{skill.name}: month {month} is outside 0–120.", field="skill_demand")
        key = (skill.pk, site.pk if site else None, month)
        if key in cells:
            raise ApplicationError(f"{skill.name}, month {month} appears twice.", field="skill_demand")
        cells.add(key)
    proposal.skill_demand.all().delete()
    SkillDemand.objects.bulk_create(
        [SkillDemand(proposal=proposal, skill=s, site=site, month=m, fte=f) for s, site, m, f in rows]
    )
    audit_record(actor=by, action="proposal.demand_set", target=proposal, data={"rows": len(rows)})
    return proposal


@transaction.atomic
def dependency_add(*, proposal: Proposal, other: Proposal, kind: str, by: User) -> Dependency:
    require_manage(by, proposal.business_line)
    if other.pk == proposal.pk:
        raise ApplicationError("A proposal cannot depend on itself.", field="other")
    if kind == Dependency.Kind.REQUIRES:
        path = _requires_path(other, proposal)
        if path:
            chain = " → ".join(p.code for p in [proposal, *path])
            raise ApplicationError(f"This would make a cycle of requirements: {chain}.", field="other")
    dependency, created = Dependency.objects.get_or_create(proposal=proposal, other=other, kind=kind)
    if created:
        audit_record(actor=by, action="proposal.dependency_added", target=proposal,
                     data={"kind": kind, "other": other.code})
    return dependency


def _requires_path(start: Proposal, target: Proposal) -> list[Proposal]:
    """The chain start → … → target of "requires" links, if any (a new target → start link closes a cycle)."""
    edges: dict[int, list[int]] = {}
    for source, dest in Dependency.objects.filter(kind=Dependency.Kind.REQUIRES).values_list("proposal", "other"):
        edges.setdefault(source, []).append(dest)
    parents: dict[int, int | None] = {start.pk: None}
    stack = [start.pk]
    while stack:
        node = stack.pop()
        if node == target.pk:
            chain: list[int] = []
            step: int | None = node
            while step is not None:
                chain.append(step)
                step = parents[step]
            by_id = Proposal.objects.in_bulk(chain)
            return [by_id[pk] for pk in reversed(chain)]
        for nxt in edges.get(node, []):
            if nxt not in parents:
                parents[nxt] = node
                stack.append(nxt)
    return []


@transaction.atomic
def dependency_remove(*, dependency: Dependency, by: User) -> None:
    require_manage(by, dependency.proposal.business_line)
    audit_record(actor=by, action="proposal.dependency_removed", target=dependency.proposal,
                 data={"kind": dependency.kind, "other": dependency.other.code})
    dependency.delete()


@transaction.atomic
def feasibility_record(*, proposal: Proposal, by: User, changes: dict[str, Any],
                       expected_version: int | None = None) -> FeasibilityStudy:
    require_manage(by, proposal.business_line)
    study, _ = FeasibilityStudy.objects.get_or_create(proposal=proposal)
    check_version(study, expected_version)
    allowed = ("technical", "resources", "historical", "partners", "country_issues", "conclusion")
    if apply_changes(study, changes, allowed=allowed):
        bump_version(study)
        study.assessed_on = timezone.localdate()
        person_id = scope_of(by).person_id
        study.assessed_by = Person.objects.filter(pk=person_id).first() if person_id else None
        validated_save(study)
        audit_record(actor=by, action="proposal.feasibility_recorded", target=proposal)
    return study


@transaction.atomic
def proposal_rate(*, proposal: Proposal, by: User, ratings: dict[BusinessDriver, int]) -> Proposal:
    require_manage(by, proposal.business_line)
    for driver, value in ratings.items():
        if driver.business_line_id != proposal.business_line_id:
            raise ApplicationError(f"{driver.code} is a driver of another line.", field="ratings")
        if not 0 <= value <= 10:
            raise ApplicationError(f"{driver.code}: a rating is between 0 and 10, not {value}.", field="ratings")
        Rating.objects.update_or_create(proposal=proposal, driver=driver, defaults={"value": value})
    rescore_line(proposal.business_line)
    audit_record(actor=by, action="proposal.rated", target=proposal,
                 data={d.code: v for d, v in ratings.items()})
    proposal.refresh_from_db(fields=["score"])
    return proposal


def rescore_line(line: OrgUnit) -> None:
    """Weighted scores of every proposal of the line; a proposal not rated on every driver has no score."""
    weights = {str(pk): w for pk, w in BusinessDriver.objects.filter(business_line=line).values_list("pk", "weight")}
    proposals = list(Proposal.objects.filter(business_line=line))
    ratings: dict[str, dict[str, float]] = {}
    for proposal_id, driver_id, value in Rating.objects.filter(proposal__business_line=line).values_list(
            "proposal_id", "driver_id", "value"):
        ratings.setdefault(str(proposal_id), {})[str(driver_id)] = float(value)
    complete = {pid: row for pid, row in ratings.items() if weights and set(row) == set(weights)}
    scores = {}
    if complete and sum(weights.values()) > 0:
        scores = {s.proposal: s.score for s in weighted_scores(complete, weights)}
    for proposal in proposals:
        proposal.score = scores.get(str(proposal.pk))
    Proposal.objects.bulk_update(proposals, ["score"])


@transaction.atomic
def proposal_advance(*, proposal: Proposal, by: User, to: str, rationale: str = "",
                     start: dt.date | None = None, expected_version: int | None = None) -> Proposal:
    """Move a proposal along its lifecycle. Board decisions (approve, reject, defer from review) need a
    rationale; approval turns the proposal into a project starting in ``start`` (default: earliest start)."""
    check_version(proposal, expected_version)
    allowed = TRANSITIONS[proposal.state]
    if to not in allowed:
        names = ", ".join(sorted(State(s).label.lower() for s in allowed)) or "nothing"
        raise ApplicationError(f"A proposal in {proposal.get_state_display().lower()} can move to {names}, "
                               f"not to {State(to).label.lower() if to in State.values else to}.", field="state")
    if to in BOARD_DECISIONS and proposal.state in (State.REVIEW, State.DEFERRED):
        require_decide(by, proposal.business_line)
        if not rationale.strip():
            raise ApplicationError("The review board records a rationale with its decision.", field="rationale")
    else:
        require_manage(by, proposal.business_line)
    if to == State.REVIEW and proposal.score is None:
        raise ApplicationError("Rate the proposal on every business driver before the review.", field="ratings")
    proposal.state = to
    proposal.decision_rationale = rationale.strip() or proposal.decision_rationale
    proposal.decided_on = timezone.localdate() if to in BOARD_DECISIONS else proposal.decided_on
    bump_version(proposal)
    proposal.save()
    if to == State.APPROVED:
        _become_project(proposal, start or proposal.earliest_start)
    audit_record(actor=by, action=f"proposal.{to}", target=proposal, data={"rationale": rationale})
    return proposal


def _become_project(proposal: Proposal, start: dt.date) -> None:
    """The approved proposal becomes a project of its line, approved, with its costs as budget."""
    from projectoffice.projects.services import project_create, project_set_status

    line = proposal.business_line
    unit = line
    while unit.parent is not None and unit.kind != OrgUnit.Kind.BUSINESS_UNIT:
        unit = unit.parent
    tz = zoneinfo.ZoneInfo(proposal.lead_site.time_zone)
    project = project_create(
        by=None, company=line.company, code=proposal.code, name=proposal.name, business_unit=unit,
        business_line=line, lead_site=proposal.lead_site,
        planned_start=dt.datetime.combine(start, dt.time(9, 0), tzinfo=tz), currency=proposal.currency,
        description=proposal.description, nature=proposal.nature, customer=proposal.customer,
        sponsor=proposal.sponsor, budget_at_completion=proposal.total_cost,
    )
    project_set_status(project=project, by=None, status=project.Status.APPROVED)
    proposal.project = project
    proposal.save(update_fields=["project"])
