"""dual_bound: row prices from one LP bound every budget level (the frontier's bound when a level's LP is late)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projectoffice.engine.portfolio.frontier import priced
from projectoffice.engine.portfolio.isolation import run_backend
from projectoffice.engine.portfolio.knapsack import knapsack_program
from projectoffice.engine.portfolio.program import (
    BinarySolution,
    LpRelaxation,
    SolveOptions,
    Status,
    dual_bound,
)

knapsacks = st.integers(1, 9).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 50), min_size=n, max_size=n),
        st.lists(st.lists(st.integers(0, 30), min_size=n, max_size=n), min_size=1, max_size=3),
        st.integers(1, 80),
        st.floats(0.2, 3.0),
    )
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(knapsacks)
def test_prices_of_one_level_bound_the_optimum_of_another(
    data: tuple[list[int], list[list[int]], int, float],
) -> None:
    profits, weights, capacity, scale = data
    program = knapsack_program(profits, weights, [capacity] * len(weights))
    lp: LpRelaxation = run_backend("highs_lp", program, SolveOptions(time_limit=10))
    assert lp.solved and lp.duals is not None
    assert dual_bound(program, lp.duals) == pytest.approx(lp.objective, rel=1e-6, abs=1e-6)
    other = program.with_upper(program.upper * scale)
    best = max(
        float(np.dot(profits, xs))
        for xs in itertools.product([0, 1], repeat=len(profits))
        if all(np.dot(row, xs) <= capacity * scale for row in weights)
    )
    assert dual_bound(other, lp.duals) >= best - 1e-6


def test_fixed_variables_count_at_their_value_and_unbounded_rows_refuse_prices() -> None:
    program = knapsack_program([10, 10], [[1, 1]], [1])
    assert dual_bound(program, np.array([0.0])) == 20  # no price: every item free to take
    assert dual_bound(program.with_fixed({0: 0, 1: 0}), np.array([0.0])) == 0
    assert dual_bound(program, np.array([10.0])) == 10  # price 10: 10·1 + nothing left to gain
    unbounded = program.with_upper(np.array([np.inf]))
    assert dual_bound(unbounded, np.array([10.0])) == np.inf  # a price needs a finite bound on its side


def test_a_frontier_level_without_its_own_lp_gets_a_bound_from_another_levels_prices() -> None:
    program = knapsack_program([6, 5, 4, 3], [[5, 4, 3, 2], [1, 2, 3, 4]], [7, 6])
    lp: LpRelaxation = run_backend("highs_lp", program, SolveOptions(time_limit=10))
    assert lp.duals is not None
    larger = program.with_upper(program.upper * 2)  # optimum 6 + 5 + 4 = 15 (weights 12 ≤ 14, 6 ≤ 12)
    late = BinarySolution(Status.FEASIBLE, (1, 1, 0, 0), 11.0, float("inf"), 1.0)  # its LP ran out of time
    result = priced(larger, late, [lp.duals])
    assert 15 <= result.bound < float("inf")
    assert result.status is Status.FEASIBLE
    assert priced(larger, late, []) == late  # no prices: nothing to add
