"""Portfolio services: strategy, business case, dependencies, lifecycle into a project, scenarios."""

from __future__ import annotations

from decimal import Decimal

import pytest

from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.core.models import AuditRecord
from projectoffice.portfolio import services
from projectoffice.portfolio.models import BusinessDriver, Dependency, Proposal, Scenario
from projectoffice.portfolio.tests.conftest import make_proposal, month
from projectoffice.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a scenario's optimiser job now (jobs start when the request's transaction commits)."""

    def start(scenario):
        with django_capture_on_commit_callbacks(execute=True):
            services.scenario_run(scenario=scenario, by=None)
        scenario.refresh_from_db()

    return start


def test_a_consistent_comparison_sets_the_driver_weights(portfolio):
    weights = dict(BusinessDriver.objects.filter(business_line=portfolio.units["RAN"]).values_list("code", "weight"))
    assert weights["FIT"] > weights["CUST"] > weights["TECH"]
    assert sum(weights.values()) == pytest.approx(1.0)


def test_it_refuses_an_inconsistent_comparison_naming_the_conflicting_judgement(portfolio):
    line = portfolio.units["RAN"]
    before = dict(BusinessDriver.objects.filter(business_line=line).values_list("code", "weight"))
    bad = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with pytest.raises(ApplicationError) as caught:
        services.drivers_compare(line=line, by=None, matrix=bad)
    assert caught.value.field == "matrix" and "inconsistent" in caught.value.message
    assert " vs " not in caught.value.message and "against" in caught.value.message
    assert dict(BusinessDriver.objects.filter(business_line=line).values_list("code", "weight")) == before


def test_it_refuses_a_matrix_that_is_not_reciprocal(portfolio):
    with pytest.raises(ApplicationError) as caught:
        services.drivers_compare(line=portfolio.units["RAN"], by=None, matrix=[[1, 3, 2], [3, 1, 5], [1 / 2, 1 / 5, 1]])
    assert caught.value.field == "matrix"


def test_the_business_case_gives_npv_irr_and_payback(portfolio):
    proposal = portfolio.proposals["P1"]  # -100k then +150k at 8 %
    assert proposal.npv == Decimal("38888.89")
    assert proposal.irr == pytest.approx(0.5)
    assert 0 < proposal.payback_years <= 1  # the year-1 benefit repays year 0's cost within that year


def test_it_refuses_negative_costs_and_saves_nothing(portfolio):
    proposal = portfolio.proposals["P1"]
    with pytest.raises(ApplicationError) as caught:
        services.proposal_set_cash_flows(proposal=proposal, by=None, years=[(0, Decimal(-5), Decimal(0))])
    assert caught.value.field == "cash_flows"
    assert proposal.cash_flows.count() == 2


def test_it_refuses_a_window_that_ends_before_it_starts(org):
    with pytest.raises(ApplicationError) as caught:
        services.proposal_create(by=None, line=org.units["RAN"], code="BAD", name="Bad", lead_site=org.sites["W"],
                                 earliest_start=month(5), latest_start=month(1))
    assert caught.value.field == "latest_start"
    assert not Proposal.objects.filter(code="BAD").exists()


def test_scores_follow_the_weights_and_ratings(portfolio):
    scores = {c: Proposal.objects.get(code=c).score or 0.0 for c in ("P1", "P2", "P3")}
    assert scores["P1"] > scores["P2"] > scores["P3"]
    assert scores["P2"] == pytest.approx(5.0)


def test_a_requires_cycle_is_refused_naming_its_proposals(portfolio):
    p1, p2, p3 = (portfolio.proposals[c] for c in ("P1", "P2", "P3"))
    services.dependency_add(proposal=p1, other=p2, kind=Dependency.Kind.REQUIRES, by=None)
    services.dependency_add(proposal=p2, other=p3, kind=Dependency.Kind.REQUIRES, by=None)
    with pytest.raises(ApplicationError) as caught:
        services.dependency_add(proposal=p3, other=p1, kind=Dependency.Kind.REQUIRES, by=None)
    assert "P3 → P1 → P2 → P3" in caught.value.message
    assert Dependency.objects.count() == 2


def test_only_the_lines_pmo_and_company_executives_manage_its_portfolio(portfolio):
    proposal = portfolio.proposals["P1"]
    for name in ("team-member", "data-administrator", "bu-executive", "outsider"):
        with pytest.raises(PermissionDenied):
            services.proposal_update(proposal=proposal, by=portfolio.user(name), changes={"name": "Hijack"})
    services.proposal_update(proposal=proposal, by=portfolio.user("pmo-manager"), changes={"name": "Renamed"})
    assert Proposal.objects.get(pk=proposal.pk).name == "Renamed"


def test_the_board_approves_with_a_rationale_and_the_proposal_becomes_a_project(portfolio):
    proposal = portfolio.proposals["P1"]
    with pytest.raises(PermissionDenied):
        services.proposal_advance(proposal=proposal, by=portfolio.user("pmo-manager"), to="approved",
                                  rationale="Go")
    with pytest.raises(ApplicationError) as caught:
        services.proposal_advance(proposal=proposal, by=portfolio.user("bu-executive"), to="approved")
    assert caught.value.field == "rationale"
    services.proposal_advance(proposal=proposal, by=portfolio.user("bu-executive"), to="approved",
                              rationale="Strategic for 2027")
    project = Project.objects.get(code="P1")
    assert project.business_line == portfolio.units["RAN"] and project.status == Project.Status.APPROVED
    assert project.budget_at_completion == Decimal("100000.00")
    assert Proposal.objects.get(pk=proposal.pk).project == project
    assert AuditRecord.objects.filter(action="proposal.approved", actor=portfolio.users["bu-executive"]).exists()


def test_a_proposal_cannot_skip_its_lifecycle(org):
    proposal = make_proposal(org, "IDEA1", state="idea")
    with pytest.raises(ApplicationError) as caught:
        services.proposal_advance(proposal=proposal, by=None, to="review")
    assert caught.value.field == "state"
    assert Proposal.objects.get(pk=proposal.pk).state == "idea"


def test_a_scenario_runs_the_optimiser_and_explains_what_is_left_out(portfolio, run):
    mandatory = make_proposal(portfolio, "MUST", cost=50_000, mandatory=True)
    scenario = services.scenario_create(by=None, line=portfolio.units["RAN"], name="Tight", start_month=month(0),
                                        months=24, yearly_budgets=[160_000, 160_000])
    run(scenario)
    scenario.refresh_from_db()
    assert scenario.status == Scenario.Status.SOLVED, scenario.error
    chosen = {row["code"] for row in scenario.result["selected"]}
    assert "MUST" in chosen and "P1" in chosen  # the mandatory one, then the best score that fits the budget
    assert len(chosen) == 2  # each costs 100k in its first year: only one more fits 160k
    reasons = {row["code"]: row["reasons"] for row in scenario.result["excluded"]}
    assert reasons["P2"] == ["budget"] and reasons["P3"] == ["budget"]
    assert mandatory.pk in {row["proposal"] for row in scenario.result["selected"]}


def test_forced_in_proposals_that_cannot_fit_are_named(portfolio, run):
    scenario = services.scenario_create(by=None, line=portfolio.units["RAN"], name="Impossible", start_month=month(0),
                                        months=12, yearly_budgets=[120_000],
                                        force_in=[portfolio.proposals["P1"], portfolio.proposals["P2"]])
    run(scenario)
    scenario.refresh_from_db()
    assert scenario.status == Scenario.Status.FAILED
    assert "P1" in scenario.error and "P2" in scenario.error


def test_approving_a_scenario_commits_its_portfolio(portfolio, run):
    scenario = services.scenario_create(by=None, line=portfolio.units["RAN"], name="Plan", start_month=month(0),
                                        months=24, yearly_budgets=[120_000, 120_000])
    run(scenario)
    services.scenario_decide(scenario=Scenario.objects.get(pk=scenario.pk), by=portfolio.user("executive"),
                             decision="approved", rationale="Budget review 2027")
    states = dict(Proposal.objects.values_list("code", "state"))
    assert states == {"P1": "approved", "P2": "deferred", "P3": "deferred"}
    assert Project.objects.filter(code="P1").exists()
    with pytest.raises(ApplicationError):
        services.scenario_update(scenario=Scenario.objects.get(pk=scenario.pk), by=None, changes={"name": "x"})


def test_budgets_must_match_the_horizon(portfolio):
    with pytest.raises(ApplicationError) as caught:
        services.scenario_create(by=None, line=portfolio.units["RAN"], name="Short", start_month=month(0), months=36,
                                 yearly_budgets=[1_000_000])
    assert caught.value.field == "yearly_budgets"
    assert not Scenario.objects.exists()
