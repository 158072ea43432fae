"""The portfolio optimiser on hand-checked cases: optimum, start months, exclusions, forced proposals, errors."""

from __future__ import annotations

import pytest

from projectoffice.engine.errors import (
    ConflictingForceInsError,
    CycleError,
    InfeasibleError,
    InvalidInputError,
    UnknownTaskError,
)
from projectoffice.engine.portfolio import (
    PortfolioProblem,
    Proposal,
    Reason,
    Selection,
    SkillDemand,
    Status,
    check_portfolio,
    efficient_frontier,
    explain_by_forcing,
    optimise,
)


def one_year(*proposals: Proposal, budget: float = 100, dev: float = 2, **kwargs: object) -> PortfolioProblem:
    return PortfolioProblem(proposals, 12, (budget,), {"dev": (dev,) * 12}, **kwargs)  # type: ignore[arg-type]


def reasons(solution: object, name: str) -> tuple[Reason, ...]:
    return next(e.reasons for e in solution.excluded if e.proposal == name)  # type: ignore[attr-defined]


@pytest.mark.parametrize("solver", ["highs", "cpsat"])
def test_it_picks_the_most_valuable_set_within_the_budget_and_reports_progress(solver: str) -> None:
    problem = one_year(
        Proposal("A", 10, cost=(80,)), Proposal("B", 6, cost=(50,)), Proposal("C", 5, cost=(50,)), budget=100
    )
    seen: list[float] = []
    solution = optimise(problem, solver=solver, time_limit=10, progress=lambda p: seen.append(p.objective))
    assert solution.selected_ids == {"B", "C"}
    if solver == "cpsat":  # HiGHS may solve this in presolve, before any improving-solution callback
        assert seen and seen[-1] == solution.value
    assert solution.value == 11
    assert solution.status is Status.OPTIMAL and solution.gap == 0
    assert reasons(solution, "A") == (Reason.BUDGET,)
    assert "budget of year 1" in solution.excluded[0].message


def test_it_shifts_a_start_so_two_proposals_share_one_developer() -> None:
    need = SkillDemand("dev", (1, 1, 1))
    problem = one_year(
        Proposal("A", 5, demand=(need,), earliest_start=0, latest_start=0),
        Proposal("B", 5, demand=(need,), earliest_start=1, latest_start=6),
        dev=1,
    )
    solution = optimise(problem, time_limit=10)
    starts = {s.proposal: s.start for s in solution.selected}
    assert starts["A"] == 0 and starts["B"] >= 3
    check_portfolio(problem, solution.selected)


def test_a_capacity_shortage_is_named_with_the_skill() -> None:
    problem = one_year(
        Proposal("A", 5, demand=(SkillDemand("dev", (2,)),)),
        Proposal("B", 4, demand=(SkillDemand("dev", (1,)),)),
    )
    solution = optimise(problem, time_limit=10)
    assert reasons(solution, "B") == (Reason.CAPACITY,)
    assert "dev capacity exceeded in month(s) 0" in solution.excluded[0].message


def test_requires_and_excludes_are_honoured_and_explained() -> None:
    problem = one_year(
        Proposal("A", 20, cost=(60,)),
        Proposal("B", 9, cost=(60,)),
        Proposal("C", 3, cost=(10,), requires=("B",)),
        Proposal("D", 2, cost=(10,), excludes=("A",)),
    )
    solution = optimise(problem, time_limit=10)
    assert solution.selected_ids == {"A"}
    assert Reason.DEPENDENCY in reasons(solution, "C")
    assert Reason.DEPENDENCY in reasons(solution, "D")


def test_force_in_and_force_out_override_the_value() -> None:
    problem = one_year(
        Proposal("A", 10, cost=(80,)),
        Proposal("B", 6, cost=(50,)),
        force_in=frozenset({"A"}),
        force_out=frozenset({"B"}),
    )
    solution = optimise(problem, time_limit=10)
    assert solution.selected_ids == {"A"}
    assert reasons(solution, "B") == (Reason.FORCED_OUT,)


def test_conflicting_force_ins_are_named_minimally() -> None:
    problem = one_year(
        Proposal("A", 1, cost=(60,), mandatory=True),
        Proposal("B", 1, cost=(60,)),
        Proposal("C", 1, cost=(5,)),
        force_in=frozenset({"B", "C"}),
    )
    with pytest.raises(ConflictingForceInsError) as raised:
        optimise(problem, time_limit=10)
    assert raised.value.proposals == ["A", "B"]


def test_a_requires_cycle_is_refused_naming_its_proposals() -> None:
    problem = one_year(
        Proposal("A", 1, requires=("B",)),
        Proposal("B", 1, requires=("C",)),
        Proposal("C", 1, requires=("A",)),
    )
    with pytest.raises(CycleError) as raised:
        optimise(problem)
    assert sorted(raised.value.tasks) == ["A", "B", "C"]  # type: ignore[type-var]


def test_a_window_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="start window ends"):
        optimise(one_year(Proposal("A", 1, earliest_start=5, latest_start=2)))


def test_negative_costs_and_unknown_links_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="cost in month 0 is negative"):
        optimise(one_year(Proposal("A", 1, cost=(-5,))))
    with pytest.raises(UnknownTaskError, match="unknown proposal Z"):
        optimise(one_year(Proposal("A", 1, requires=("Z",))))


def test_forcing_an_excluded_proposal_in_shows_what_it_displaces() -> None:
    problem = one_year(
        Proposal("A", 10, cost=(80,)), Proposal("B", 6, cost=(50,)), Proposal("C", 5, cost=(50,))
    )
    solution = optimise(problem, time_limit=10)
    test = explain_by_forcing(problem, "A", value_without=solution.value, selected=solution.selected_ids)
    assert test.feasible and test.value_with == 10
    assert test.displaced == ("B", "C") and test.added == ("A",)


def test_the_frontier_rises_with_the_budget_and_reports_progress() -> None:
    problem = one_year(*(Proposal(f"P{k}", k + 1, cost=(10 * (k + 1),)) for k in range(6)), budget=100)
    seen: list[int] = []
    points = efficient_frontier(
        problem, points=5, time_limit_per_point=5, progress=lambda done, total, _: seen.append(done)
    )
    values = [p.value for p in points]
    assert seen == [1, 2, 3, 4, 5]
    assert all(v is not None for v in values)
    assert values == sorted(values)  # type: ignore[type-var]
    assert values[-1] == 21  # the last level fits everything


def test_a_hand_edited_scenario_is_checked() -> None:
    problem = one_year(Proposal("A", 10, cost=(80,)), Proposal("B", 6, cost=(50,)))
    with pytest.raises(InfeasibleError, match=r"year 1 spends 130\.00"):
        check_portfolio(problem, [Selection("A", 0), Selection("B", 0)])
