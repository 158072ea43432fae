"""The knapsack by LP cores (mkp.py, the default of solve_knapsack): exact on small problems, a valid bound and a
close value on the Chu & Beasley sets, every answer within the capacities."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projectoffice.engine.formats.mknap import check_solution, read_mknap
from projectoffice.engine.portfolio import solve_knapsack
from projectoffice.engine.portfolio.knapsack import KNAPSACK_SOLVER
from projectoffice.engine.portfolio.program import Status

REPO = Path(__file__).resolve().parents[3]


def mknap_file(name: str) -> Path:
    folder = Path(os.environ.get("PROJECTOFFICE_SHARED_DATA", REPO.parent / "shared" / "data")) / "mknap"
    if not folder.is_dir():
        pytest.fail(f"shared data folder {folder} is missing: set PROJECTOFFICE_SHARED_DATA")
    return folder / name


def test_the_default_knapsack_solver_is_the_core_search() -> None:
    assert KNAPSACK_SOLVER == "core"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 60), min_size=n, max_size=n),
            st.lists(st.lists(st.integers(0, 40), min_size=n, max_size=n), min_size=1, max_size=3),
            st.integers(0, 300),
        )
    )
)
def test_the_core_search_proves_the_optimum_of_small_knapsacks(
    data: tuple[list[int], list[list[int]], int],
) -> None:
    profits, weights, capacity = data
    capacities = [capacity] * len(weights)
    result = solve_knapsack(profits, weights, capacities, time_limit=10)
    assert result.status is Status.OPTIMAL
    assert all(sum(row[j] for j in result.chosen) <= capacity for row in weights)
    assert result.value == sum(profits[j] for j in result.chosen)
    if len(profits) <= 14:
        assert result.value == _brute_force(profits, weights, capacity)


def _brute_force(profits: list[int], weights: list[list[int]], capacity: int) -> int:
    return max(
        sum(p for p, x in zip(profits, xs, strict=True) if x)
        for xs in itertools.product([0, 1], repeat=len(profits))
        if all(sum(w for w, x in zip(row, xs, strict=True) if x) <= capacity for row in weights)
    )


def test_fractional_profits_and_weights_reach_the_mknap1_optima() -> None:
    for problem in read_mknap(mknap_file("mknap1.txt")):  # mknap1-2's optimum is 8706.1
        result = solve_knapsack(problem.profits, problem.weights, problem.capacities, time_limit=10)
        assert check_solution(problem, result.chosen) == pytest.approx(problem.reference)
        assert result.status is Status.OPTIMAL


@pytest.mark.parametrize("index", [0, 20])  # tightness 0.25 and 0.75
def test_a_chu_beasley_problem_gets_a_close_value_and_a_bound_above_the_best_known(index: int) -> None:
    problem = read_mknap(mknap_file("mknapcb4.txt"))[index]
    assert problem.reference is not None
    result = solve_knapsack(problem.profits, problem.weights, problem.capacities, time_limit=5)
    assert check_solution(problem, result.chosen) == result.value
    assert result.bound >= problem.reference  # the LP bound is valid
    assert result.value >= 0.99 * problem.reference
    assert result.gap == pytest.approx((result.bound - result.value) / result.value)


def test_one_worker_searches_one_thread_and_still_answers() -> None:
    problem = read_mknap(mknap_file("mknapcb1.txt"))[10]
    result = solve_knapsack(problem.profits, problem.weights, problem.capacities, time_limit=3, workers=1)
    assert check_solution(problem, result.chosen) == result.value > 0
