"""Reads of the portfolio, planned once and limited to the lines the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from projectoffice.organization.models import OrgUnit
from projectoffice.portfolio.models import (
    BusinessDriver,
    Dependency,
    DriverComparison,
    Proposal,
    Rating,
    Scenario,
    StrategicObjective,
)
from projectoffice.portfolio.permissions import portfolio_lines
from projectoffice.projects.models import Project

AnyUser = AbstractBaseUser | AnonymousUser


def lines_visible_to(user: AnyUser) -> QuerySet[OrgUnit]:
    return portfolio_lines(user).order_by("code")


def line_get_for_user(*, user: AnyUser, line_id: int) -> OrgUnit:
    return get_object_or_404(lines_visible_to(user), pk=line_id)


def proposals_visible_to(user: AnyUser) -> QuerySet[Proposal]:
    return Proposal.objects.filter(business_line__in=lines_visible_to(user)).select_related(
        "business_line", "lead_site", "sponsor__user", "project")


def proposal_list(user: AnyUser, *, line: int | None = None, state: str = "", q: str = "") -> QuerySet[Proposal]:
    proposals = proposals_visible_to(user)
    if line:
        proposals = proposals.filter(business_line_id=line)
    if state:
        proposals = proposals.filter(state=state)
    if q:
        proposals = proposals.filter(name__icontains=q) | proposals.filter(code__icontains=q)
    return proposals.order_by("business_line__code", "code")


def proposal_get_for_user(*, user: AnyUser, proposal_id: int) -> Proposal:
    return get_object_or_404(
        proposals_visible_to(user).prefetch_related(
            "cash_flows", "skill_demand__skill", "skill_demand__site",
            Prefetch("dependencies", queryset=Dependency.objects.select_related("other")),
            Prefetch("ratings", queryset=Rating.objects.select_related("driver")),
        ),
        pk=proposal_id,
    )


def drivers_of(line: OrgUnit) -> list[BusinessDriver]:
    return list(BusinessDriver.objects.filter(business_line=line).select_related("objective").order_by("code"))


def objectives_of(line: OrgUnit) -> list[StrategicObjective]:
    return list(StrategicObjective.objects.filter(business_line=line))


def comparison_of(line: OrgUnit) -> DriverComparison | None:
    return DriverComparison.objects.filter(business_line=line).first()


def scenarios_visible_to(user: AnyUser) -> QuerySet[Scenario]:
    return Scenario.objects.filter(business_line__in=lines_visible_to(user)).select_related(
        "business_line", "job", "decided_by__user", "created_by__user").prefetch_related("force_in", "force_out")


def scenario_get_for_user(*, user: AnyUser, scenario_id: int) -> Scenario:
    return get_object_or_404(scenarios_visible_to(user), pk=scenario_id)


@dataclass(frozen=True)
class RankedProposal:
    proposal: Proposal
    rank: int | None
    ratings: dict[int, int]  # driver id → rating


def ranking(line: OrgUnit) -> list[RankedProposal]:
    """The line's open proposals by weighted score (unrated last), with their ratings per driver."""
    proposals = list(Proposal.objects.filter(business_line=line).exclude(state=Proposal.State.REJECTED)
                     .prefetch_related("ratings").order_by("code"))
    scored = sorted((p for p in proposals if p.score is not None), key=lambda p: (-(p.score or 0), p.code))
    ranks: dict[int, int] = {}
    for position, proposal in enumerate(scored, start=1):
        previous = scored[position - 2] if position > 1 else None
        ranks[proposal.pk] = ranks[previous.pk] if previous and previous.score == proposal.score else position
    ordered = scored + [p for p in proposals if p.score is None]
    return [RankedProposal(p, ranks.get(p.pk), {r.driver_id: r.value for r in p.ratings.all()}) for p in ordered]


def similar_past_projects(proposal: Proposal, *, limit: int = 5) -> list[Project]:
    """Closed projects of the same nature in the same line: the historical data of a feasibility study."""
    return list(Project.objects.filter(business_line=proposal.business_line, nature=proposal.nature,
                                       status=Project.Status.CLOSED).order_by("-scheduled_finish")[:limit])


def bubble_data(proposals: list[Proposal]) -> list[dict[str, Any]]:
    """Value (score), risk and cost of each proposal for the portfolio bubble chart."""
    return [{"code": p.code, "name": p.name, "score": p.score, "risk": p.risk,
             "cost": float(p.total_cost), "npv": float(p.npv or 0), "state": p.get_state_display()}
            for p in proposals]
