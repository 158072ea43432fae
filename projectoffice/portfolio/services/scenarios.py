"""Optimiser scenarios: set up, run in the background, and commit by the review board's decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError
from projectoffice.core.jobs import job_enqueue
from projectoffice.core.validation import apply_changes, validated_save
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.organization.models import OrgUnit
from projectoffice.people.models import Person
from projectoffice.portfolio.models import Proposal, Scenario
from projectoffice.portfolio.permissions import require_decide, require_manage

User = AbstractBaseUser | AnonymousUser | None  # None: the system (demo, jobs)
SCENARIO_FIELDS = ("name", "objective", "start_month", "months", "yearly_budgets", "time_limit", "frontier_points")


def _check_budgets(budgets: Any, months: int) -> None:
    years = -(-months // 12)
    if not isinstance(budgets, list) or len(budgets) != years:
        raise ApplicationError(f"Give {years} yearly budget(s) for a {months}-month horizon.", field="yearly_budgets")
    for index, budget in enumerate(budgets, start=1):
        if not isinstance(budget, int | float) or budget < 0:
            raise ApplicationError(f"Year {index}: a budget is a non-negative amount, not {budget!r}.",
                                   field="yearly_budgets")


def _check_forced(line: OrgUnit, force_in: list[Proposal], force_out: list[Proposal]) -> None:
    both = {p.code for p in force_in} & {p.code for p in force_out}
    if both:
        raise ApplicationError(f"Forced both in and out: {', '.join(sorted(both))}.", field="force_in")
    foreign = [p.code for p in [*force_in, *force_out] if p.business_line_id != line.pk]
    if foreign:
        raise ApplicationError(f"Proposals of another line: {', '.join(foreign)}.", field="force_in")


@transaction.atomic
def scenario_create(*, by: User, line: OrgUnit, name: str, start_month: dt.date, months: int,
                    yearly_budgets: list[float], objective: str = Scenario.Objective.SCORE,
                    force_in: list[Proposal] | None = None, force_out: list[Proposal] | None = None,
                    time_limit: int = 20, frontier_points: int = 0) -> Scenario:
    require_manage(by, line)
    _check_budgets(yearly_budgets, months)
    _check_forced(line, force_in or [], force_out or [])
    person_id = scope_of(by).person_id
    scenario = Scenario(business_line=line, name=name, objective=objective, start_month=start_month, months=months,
                        yearly_budgets=yearly_budgets, time_limit=time_limit, frontier_points=frontier_points,
                        created_by=Person.objects.filter(pk=person_id).first() if person_id else None)
    validated_save(scenario)
    scenario.force_in.set(force_in or [])
    scenario.force_out.set(force_out or [])
    audit_record(actor=by, action="scenario.created", target=scenario)
    return scenario


@transaction.atomic
def scenario_update(*, scenario: Scenario, by: User, changes: dict[str, Any],
                    force_in: list[Proposal] | None = None, force_out: list[Proposal] | None = None,
                    expected_version: int | None = None) -> Scenario:
    require_manage(by, scenario.business_line)
    _refuse_if_decided(scenario)
    check_version(scenario, expected_version)
    changed = apply_changes(scenario, changes, allowed=SCENARIO_FIELDS)
    _check_budgets(scenario.yearly_budgets, scenario.months)
    if force_in is not None or force_out is not None:
        new_in = force_in if force_in is not None else list(scenario.force_in.all())
        new_out = force_out if force_out is not None else list(scenario.force_out.all())
        _check_forced(scenario.business_line, new_in, new_out)
        scenario.force_in.set(new_in)
        scenario.force_out.set(new_out)
        changed.append("forced")
    if changed:
        scenario.status, scenario.result, scenario.frontier, scenario.error = Scenario.Status.DRAFT, {}, [], ""
        bump_version(scenario)
        validated_save(scenario)
        audit_record(actor=by, action="scenario.updated", target=scenario, data={"fields": changed})
    return scenario


def _refuse_if_decided(scenario: Scenario) -> None:
    if scenario.decision != Scenario.Decision.PENDING:
        raise ApplicationError(f"The board already decided on “{scenario}”; copy it to try another option.",
                               field="decision")


@transaction.atomic
def scenario_run(*, scenario: Scenario, by: User) -> Scenario:
    """Queue the optimiser (and the frontier, if asked) as a background job; the page follows its progress."""
    require_manage(by, scenario.business_line)
    _refuse_if_decided(scenario)
    if scenario.status == Scenario.Status.RUNNING:
        raise ApplicationError("This scenario is already running.", field="status", status=409)
    scenario.status, scenario.error = Scenario.Status.RUNNING, ""
    scenario.job = job_enqueue(kind="portfolio.optimise", payload={"scenario_id": scenario.pk}, by=by)
    scenario.save(update_fields=["status", "error", "job"])
    audit_record(actor=by, action="scenario.run", target=scenario)
    return scenario


@transaction.atomic
def scenario_record_result(*, scenario: Scenario, result: dict[str, Any], frontier: list[dict[str, Any]],
                           error: str = "") -> Scenario:
    """Written by the optimiser job (the system), never by a user."""
    scenario.result, scenario.frontier, scenario.error = result, frontier, error
    scenario.status = Scenario.Status.FAILED if error else Scenario.Status.SOLVED
    scenario.save(update_fields=["result", "frontier", "error", "status"])
    audit_record(actor=None, action="scenario.solved" if not error else "scenario.failed", target=scenario,
                 data={"error": error[:300]})
    return scenario


@transaction.atomic
def scenario_decide(*, scenario: Scenario, by: User, decision: str, rationale: str,
                    decided_on: dt.date | None = None) -> Scenario:
    """The review board's decision. Approving commits the portfolio: its proposals are approved (and become
    projects starting in their chosen month); the other candidates in review are deferred."""
    from projectoffice.portfolio.services.proposals import proposal_advance

    require_decide(by, scenario.business_line)
    _refuse_if_decided(scenario)
    if decision not in (Scenario.Decision.APPROVED, Scenario.Decision.REJECTED, Scenario.Decision.DEFERRED):
        raise ApplicationError(f"“{decision}” is not a board decision (approved, rejected, deferred).", field="decision")
    if not rationale.strip():
        raise ApplicationError("Record the board's rationale.", field="rationale")
    if decision == Scenario.Decision.APPROVED:
        if scenario.status != Scenario.Status.SOLVED:
            raise ApplicationError("Run the optimiser before approving the scenario.", field="status")
        _commit(scenario, by, rationale, proposal_advance)
    person_id = scope_of(by).person_id
    scenario.decision, scenario.decision_rationale = decision, rationale.strip()
    scenario.decided_on = decided_on or timezone.localdate()
    scenario.decided_by = Person.objects.filter(pk=person_id).first() if person_id else None
    scenario.save(update_fields=["decision", "decision_rationale", "decided_on", "decided_by"])
    audit_record(actor=by, action=f"scenario.{decision}", target=scenario, data={"rationale": rationale})
    return scenario


def _commit(scenario: Scenario, by: User, rationale: str, advance: Any) -> None:
    chosen = {row["proposal"]: dt.date.fromisoformat(row["start"]) for row in scenario.result.get("selected", [])}
    proposals = Proposal.objects.filter(business_line=scenario.business_line).select_related("lead_site")
    for proposal in proposals:
        if proposal.pk in chosen and proposal.state != Proposal.State.APPROVED:
            if proposal.state != Proposal.State.REVIEW:
                raise ApplicationError(f"{proposal.code} is selected but still in {proposal.get_state_display()}; "
                                       "bring it to review first.", field="decision")
            advance(proposal=proposal, by=by, to=Proposal.State.APPROVED, rationale=rationale,
                    start=chosen[proposal.pk])
        elif proposal.pk not in chosen and proposal.state == Proposal.State.REVIEW:
            advance(proposal=proposal, by=by, to=Proposal.State.DEFERRED, rationale=f"Not in “{scenario}”: {rationale}")
