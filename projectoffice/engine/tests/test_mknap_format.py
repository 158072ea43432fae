"""The OR-Library reader against the shared files, and the knapsack entry point against their optima."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from projectoffice.engine.errors import FormatError, InvalidInputError
from projectoffice.engine.formats.mknap import check_solution, read_best_known, read_mknap
from projectoffice.engine.portfolio import solve_knapsack

REPO = Path(__file__).resolve().parents[3]


def mknap_dir() -> Path:
    folder = Path(os.environ.get("PROJECTOFFICE_SHARED_DATA", REPO.parent / "shared" / "data")) / "mknap"
    if not folder.is_dir():
        pytest.fail(f"shared data folder {folder} is missing: set PROJECTOFFICE_SHARED_DATA")
    return folder


def test_it_reads_the_seven_problems_of_mknap1_with_their_optima() -> None:
    problems = read_mknap(mknap_dir() / "mknap1.txt")
    assert [(p.items, p.constraints) for p in problems][:2] == [(6, 10), (10, 10)]
    assert [p.reference for p in problems] == [3800, 8706.1, 4015, 6120, 12400, 10618, 16537]


def test_it_reaches_every_mknap1_optimum_exactly() -> None:
    for problem in read_mknap(mknap_dir() / "mknap1.txt"):
        result = solve_knapsack(
            problem.profits, problem.weights, problem.capacities, time_limit=20, solver="highs"
        )
        assert check_solution(problem, result.chosen) == pytest.approx(problem.reference)
        assert result.gap == 0.0


def test_cp_sat_reaches_the_largest_mknap1_optimum_too() -> None:
    # One problem only: when HiGHS is loaded in this process, CP-SAT runs in a spawned child (see isolation.py).
    problem = read_mknap(mknap_dir() / "mknap1.txt")[-1]
    result = solve_knapsack(
        problem.profits, problem.weights, problem.capacities, time_limit=20, solver="cpsat"
    )
    assert check_solution(problem, result.chosen) == problem.reference == 16537


def test_it_reads_mknap2_with_the_optimum_after_each_problem() -> None:
    problems = {p.name: p for p in read_mknap(mknap_dir() / "mknap2.txt")}
    assert len(problems) == 48
    weing1 = problems["WEING1"]
    assert (weing1.constraints, weing1.items, weing1.reference) == (2, 28, 141278)
    assert weing1.capacities == (600, 600)
    assert weing1.weights[1][:3] == (30, 20, 125)
    result = solve_knapsack(weing1.profits, weing1.weights, weing1.capacities, time_limit=20)  # the race
    assert check_solution(weing1, result.chosen) == 141278


def test_it_names_chu_beasley_problems_and_takes_their_best_known_values() -> None:
    problems = read_mknap(mknap_dir() / "mknapcb4.txt")
    assert len(problems) == 30
    assert problems[0].name == "10.100-00"
    assert (problems[0].items, problems[0].constraints) == (100, 10)
    best = read_best_known(mknap_dir() / "mkcbres.txt")
    assert problems[0].reference == best["10.100-00"] == 23064


def test_a_truncated_file_is_refused_with_the_problem_named(tmp_path: Path) -> None:
    path = tmp_path / "mknap1.txt"
    path.write_text("2\n3 1 0\n1 2 3\n1 1 1\n2\n3 1 0\n1 2\n")
    with pytest.raises(FormatError, match="problem 2"):
        read_mknap(path)


def test_a_word_where_a_number_belongs_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("1\n2 1 0\n1 two\n1 1\n1\n")
    with pytest.raises(FormatError, match="'two'"):
        read_mknap(path)


def test_the_knapsack_refuses_rows_of_the_wrong_length() -> None:
    with pytest.raises(InvalidInputError, match="weight row 2"):
        solve_knapsack([1, 2], [[1, 1], [1]], [1, 1])


def test_a_checked_solution_over_capacity_is_refused() -> None:
    problem = read_mknap(mknap_dir() / "mknap1.txt")[0]
    with pytest.raises(ValueError, match="exceeded"):
        check_solution(problem, list(range(problem.items)))
