"""Properties of the optimiser on random small portfolios, each checked independently of the model:
the solution breaks no rule, equals the brute-force optimum, and more budget never lowers the optimum."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projectoffice.engine.errors import ConflictingForceInsError
from projectoffice.engine.portfolio import (
    PortfolioProblem,
    Proposal,
    Selection,
    SkillDemand,
    efficient_frontier,
    optimise,
    portfolio_violations,
    solve_knapsack,
)

MONTHS = 18
SKILLS = ("dev", "ops")


@st.composite
def proposals(draw: st.DrawFn, index: int) -> Proposal:
    earliest = draw(st.integers(0, MONTHS - 1))
    duration = draw(st.integers(1, 8))
    skill = draw(st.sampled_from(SKILLS))
    fte = draw(st.integers(25, 300)) / 100
    earlier = [f"P{k}" for k in range(index)]
    requires = draw(st.lists(st.sampled_from(earlier), max_size=1)) if earlier else []
    excludes = draw(st.lists(st.sampled_from(earlier), max_size=1)) if earlier else []
    return Proposal(
        id=f"P{index}",
        value=draw(st.integers(0, 100)),
        cost=tuple(draw(st.integers(0, 40)) for _ in range(duration)),
        demand=(SkillDemand(skill, (fte,) * duration),),
        earliest_start=earliest,
        latest_start=min(MONTHS - 1, earliest + draw(st.integers(0, 2))),
        requires=tuple(requires),
        excludes=tuple(e for e in excludes if e not in requires),
    )


@st.composite
def problems(draw: st.DrawFn) -> PortfolioProblem:
    count = draw(st.integers(1, 5))
    items = tuple(draw(proposals(k)) for k in range(count))
    budget = (draw(st.integers(0, 200)), draw(st.integers(0, 200)))
    capacity = {s: tuple(float(draw(st.integers(0, 4))) for _ in range(MONTHS)) for s in SKILLS}
    forced = draw(st.sets(st.sampled_from([p.id for p in items]), max_size=1))
    return PortfolioProblem(items, MONTHS, budget, capacity, force_in=frozenset(forced))


def brute_force(problem: PortfolioProblem) -> float | None:
    """The best value over every choice of (no start | a start in the window) per proposal."""
    options = [[None, *range(p.earliest_start, p.latest_start + 1)] for p in problem.proposals]
    best = None
    for starts in itertools.product(*options):
        chosen = [Selection(p.id, s) for p, s in zip(problem.proposals, starts, strict=True) if s is not None]
        if not portfolio_violations(problem, chosen):
            value = sum(p.value for p, s in zip(problem.proposals, starts, strict=True) if s is not None)
            best = value if best is None else max(best, value)
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_optimiser_finds_the_brute_force_optimum_and_breaks_no_rule(problem: PortfolioProblem) -> None:
    expected = brute_force(problem)
    if expected is None:
        with pytest.raises(ConflictingForceInsError):
            optimise(problem, time_limit=10)
        return
    solution = optimise(problem, time_limit=10)
    assert portfolio_violations(problem, solution.selected) == []
    assert solution.value == pytest.approx(expected)
    assert solution.gap == 0
    assert {e.proposal for e in solution.excluded} == {
        p.id for p in problem.proposals
    } - solution.selected_ids


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(1, 300))
def test_more_budget_never_lowers_the_optimum(problem: PortfolioProblem, extra: int) -> None:
    problem = replace(problem, force_in=frozenset())
    richer = replace(problem, yearly_budget=tuple(b + extra for b in problem.yearly_budget))
    assert optimise(richer, time_limit=10).value >= optimise(problem, time_limit=10).value


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_frontier_is_monotone_and_each_point_fits_its_budget(problem: PortfolioProblem) -> None:
    problem = replace(problem, force_in=frozenset())
    points = efficient_frontier(problem, scales=[0.25, 0.5, 1.0, 2.0, 4.0], time_limit_per_point=5)
    values = [p.value for p in points]
    assert all(v is not None for v in values)
    assert values == sorted(values)  # type: ignore[type-var]
    for point in points:
        assert portfolio_violations(replace(problem, yearly_budget=point.yearly_budget), point.selected) == []


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(0, 50), min_size=1, max_size=10).flatmap(
        lambda profits: st.tuples(
            st.just(profits),
            st.lists(
                st.lists(st.integers(0, 30), min_size=len(profits), max_size=len(profits)),
                min_size=1,
                max_size=3,
            ),
        )
    ),
    st.integers(0, 100),
)
def test_the_knapsack_matches_brute_force(data: tuple[list[int], list[list[int]]], capacity: int) -> None:
    profits, weights = data
    capacities = [capacity] * len(weights)
    result = solve_knapsack(profits, weights, capacities, time_limit=10, solver="highs")
    best = max(
        sum(p for p, x in zip(profits, xs, strict=True) if x)
        for xs in itertools.product([0, 1], repeat=len(profits))
        if all(sum(w for w, x in zip(row, xs, strict=True) if x) <= capacity for row in weights)
    )
    assert result.value == best
    assert all(sum(row[j] for j in result.chosen) <= capacity for row in weights)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_lp_core_strategy_is_feasible_and_its_bound_is_valid(problem: PortfolioProblem) -> None:
    problem = replace(problem, force_in=frozenset())
    expected = brute_force(problem)
    solution = optimise(problem, time_limit=10, strategy="core")
    assert portfolio_violations(problem, solution.selected) == []
    assert expected is not None
    assert solution.value <= expected + 1e-9 <= solution.bound + 1e-6
