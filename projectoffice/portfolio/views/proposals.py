"""Proposal pages: intake and edit, business case, skills demand, dependencies, feasibility, ratings, lifecycle."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from projectoffice.core.errors import ApplicationError
from projectoffice.core.forms import show_error_on_form
from projectoffice.organization.selectors import sites_visible_to
from projectoffice.people.selectors import people_visible_to, skills_visible_to
from projectoffice.portfolio import selectors, services
from projectoffice.portfolio.forms import FeasibilityForm, ProposalForm
from projectoffice.portfolio.models import Dependency, Proposal
from projectoffice.portfolio.permissions import may_decide_portfolio, may_manage_portfolio
from projectoffice.portfolio.services.proposals import BOARD_DECISIONS, TRANSITIONS
from projectoffice.portfolio.views.common import posted_number, posted_version

CASH_FLOW_YEARS = 10


@login_required
def proposal_edit(request: HttpRequest, line_id: int | None = None, proposal_id: int | None = None) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id) if proposal_id else None
    unit = proposal.business_line if proposal else selectors.line_get_for_user(user=request.user, line_id=line_id or 0)
    form = ProposalForm(request.POST or None, instance=proposal)
    form.fields["lead_site"].queryset = sites_visible_to(request.user)  # type: ignore[attr-defined]
    form.fields["sponsor"].queryset = people_visible_to(request.user).select_related("user")  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ProposalForm.Meta.fields}
        try:
            if proposal:
                proposal = services.proposal_update(proposal=proposal, by=request.user, changes=data,
                                                    expected_version=posted_version(request))
            else:
                proposal = services.proposal_create(by=request.user, line=unit, **data)
        except ApplicationError as exc:
            show_error_on_form(form, exc)
        else:
            messages.success(request, f"Saved {proposal}.")
            return redirect("portfolio:proposal", proposal.pk)
    cancel = reverse("portfolio:proposal", args=[proposal.pk]) if proposal else reverse("portfolio:line", args=[unit.pk])
    return render(request, "core/form.html", {"form": form, "title": f"Edit {proposal}" if proposal else
                                              f"New proposal for {unit.code}", "cancel_url": cancel},
                  status=422 if form.is_bound else 200)


@login_required
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    return render(request, "portfolio/proposal.html", _context(request, proposal))


def _context(request: HttpRequest, proposal: Proposal, **extra: object) -> dict[str, object]:
    unit = proposal.business_line
    flows = {row.year: row for row in proposal.cash_flows.all()}
    feasibility = getattr(proposal, "feasibility", None)
    ratings = {r.driver_id: r.value for r in proposal.ratings.all()}
    drivers = selectors.drivers_of(unit)
    transitions = sorted(TRANSITIONS[proposal.state])
    return {
        "proposal": proposal,
        "years": [(year, flows.get(year)) for year in range(CASH_FLOW_YEARS)],
        "demand": proposal.skill_demand.all(),
        "skills": skills_visible_to(request.user),
        "sites": sites_visible_to(request.user).order_by("code"),
        "dependencies": proposal.dependencies.all(),
        "others": selectors.proposals_visible_to(request.user).filter(business_line=unit).exclude(pk=proposal.pk),
        "feasibility_form": extra.get("feasibility_form") or FeasibilityForm(
            initial={f: getattr(feasibility, f) for f in FeasibilityForm.base_fields} if feasibility else None),
        "similar": selectors.similar_past_projects(proposal),
        "driver_ratings": [(d, ratings.get(d.pk)) for d in drivers],
        "transitions": [(t, Proposal.State(t).label, t in BOARD_DECISIONS and proposal.state in ("review", "deferred"))
                        for t in transitions],
        "may_manage": may_manage_portfolio(request.user, unit),
        "may_decide": may_decide_portfolio(request.user, unit),
    }


def _back(proposal: Proposal, anchor: str = "") -> HttpResponse:
    return redirect(reverse("portfolio:proposal", args=[proposal.pk]) + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def cash_flows_save(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    try:
        years = []
        for year in range(CASH_FLOW_YEARS):
            cost, benefit = posted_number(request, f"cost-{year}"), posted_number(request, f"benefit-{year}")
            if cost is not None or benefit is not None:
                years.append((year, cost or Decimal(0), benefit or Decimal(0)))
        services.proposal_set_cash_flows(proposal=proposal, by=request.user, years=years)
        messages.success(request, "Business case saved.")
    except (ApplicationError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    return _back(proposal, "business-case")


@login_required
@require_POST
def demand_save(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Replace the demand from rows "skill, site, from month, to month, FTE" (one line each)."""
    proposal = selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    skills = {s.pk: s for s in skills_visible_to(request.user)}
    sites = {s.pk: s for s in sites_visible_to(request.user)}
    try:
        rows = []
        for index in range(int(request.POST.get("rows", 0) or 0)):
            skill_id = request.POST.get(f"skill-{index}", "")
            if not skill_id:
                continue
            skill = skills.get(int(skill_id)) if skill_id.isdigit() else None
            if skill is None:
                raise ApplicationError(f"Row {index + 1}: choose a skill from the list.", field="skill_demand")
            site_id = request.POST.get(f"site-{index}", "")
            site = sites.get(int(site_id)) if site_id.isdigit() else None
            first = int(posted_number(request, f"from-{index}") or 0)
            last = int(posted_number(request, f"to-{index}") or first)
            fte = posted_number(request, f"fte-{index}")
            if fte is None or last < first:
                raise ApplicationError(f"Row {index + 1}: give FTE and a month range that ends after it starts.",
                                       field="skill_demand")
            rows += [(skill, site, month, fte) for month in range(first, last + 1)]
        services.proposal_set_skill_demand(proposal=proposal, by=request.user, rows=rows)
        messages.success(request, "Skills demand saved.")
    except (ApplicationError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    return _back(proposal, "demand")


@login_required
@require_POST
def dependency_add(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    other_id = request.POST.get("other", "")
    try:
        other = get_object_or_404(selectors.proposals_visible_to(request.user), pk=int(other_id or 0))
        services.dependency_add(proposal=proposal, other=other, kind=request.POST.get("kind", ""), by=request.user)
        messages.success(request, "Dependency added.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return _back(proposal, "dependencies")


@login_required
@require_POST
def dependency_remove(request: HttpRequest, dependency_id: int) -> HttpResponse:
    dependency = get_object_or_404(
        Dependency.objects.filter(proposal__in=selectors.proposals_visible_to(request.user)).select_related(
            "proposal__business_line", "other"), pk=dependency_id)
    try:
        services.dependency_remove(dependency=dependency, by=request.user)
        messages.success(request, "Dependency removed.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return _back(dependency.proposal, "dependencies")


@login_required
@require_POST
def feasibility_save(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    form = FeasibilityForm(request.POST)
    if form.is_valid():
        try:
            services.feasibility_record(proposal=proposal, by=request.user, changes=form.cleaned_data)
            messages.success(request, "Feasibility study saved.")
            return _back(proposal, "feasibility")
        except ApplicationError as exc:
            show_error_on_form(form, exc)
    return render(request, "portfolio/proposal.html", _context(request, proposal, feasibility_form=form), status=422)


@login_required
@require_POST
def ratings_save(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    try:
        ratings = {}
        for driver in selectors.drivers_of(proposal.business_line):
            value = posted_number(request, f"rating-{driver.pk}")
            if value is not None:
                ratings[driver] = int(value)
        services.proposal_rate(proposal=proposal, by=request.user, ratings=ratings)
        messages.success(request, "Ratings saved.")
    except (ApplicationError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    return _back(proposal, "ratings")


@login_required
@require_POST
def advance(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    try:
        services.proposal_advance(proposal=proposal, by=request.user, to=request.POST.get("to", ""),
                                  rationale=request.POST.get("rationale", ""),
                                  expected_version=posted_version(request))
        messages.success(request, f"{proposal.code} is now {proposal.get_state_display().lower()}.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return _back(proposal)
