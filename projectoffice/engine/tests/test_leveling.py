"""Levelling on small hand-checked cases: both modes, priorities, pins, "do not level", links and the CLI."""

from __future__ import annotations

import itertools
import json

import pytest

from projectoffice.engine.commands import level as level_command
from projectoffice.engine.errors import CycleError, InfeasibleError, UnknownTaskError
from projectoffice.engine.leveling import Activity, Link, LinkType, Mode, Problem, Settings, level, violations
from projectoffice.engine.leveling.cliques import conflict_cliques, conflicts
from projectoffice.engine.leveling.graph import (
    build_graph,
    critical_path_bound,
    order_by_time,
    reversed_graph,
)
from projectoffice.engine.leveling.justify import justify
from projectoffice.engine.leveling.sgs import makespan, parallel, serial
from projectoffice.engine.tests.test_psplib import psplib_dir

QUICK = Settings(time_limit=2.0, workers=1)


def shared_pair(**second: object) -> Problem:
    """Two 3-unit activities that each need the only unit of one resource."""
    return Problem(
        activities=(Activity(3, (1,), name="a"), Activity(3, (1,), name="b", **second)),  # type: ignore[arg-type]
        capacities=(1,),
    )


def test_two_activities_on_one_unit_run_one_after_the_other() -> None:
    result = level(shared_pair(), settings=QUICK)
    assert result.makespan == 6 and result.optimal
    assert sorted(result.starts) == [0, 3]


def test_the_higher_priority_activity_goes_first() -> None:
    result = level(shared_pair(priority=900), settings=Settings(time_limit=1, workers=1, exact=False))
    assert result.starts == (3, 0)


def test_started_work_stays_where_it_is() -> None:
    result = level(shared_pair(fixed_start=1), settings=QUICK)
    assert result.starts[1] == 1
    assert result.starts[0] == 4 and result.makespan == 7


def test_a_do_not_level_task_keeps_its_date_and_the_others_move_round_it() -> None:
    problem = Problem(
        activities=(Activity(2, (1,)), Activity(2, (1,), release=1, level=False), Activity(1, (1,))),
        capacities=(1,),
    )
    result = level(problem, settings=QUICK)
    assert result.starts[1] == 1
    assert result.starts[0] >= 3 and result.makespan == 5 and result.unlevelled == ()
    assert not violations(problem, result.starts)


def test_a_do_not_level_task_that_cannot_fit_is_reported_not_moved() -> None:
    problem = Problem(
        activities=(Activity(3, (1,), fixed_start=0), Activity(2, (1,), level=False)),
        capacities=(1,),
    )
    result = level(problem, settings=QUICK)
    assert result.starts == (0, 0) and result.unlevelled == (1,) and not result.optimal
    assert not violations(problem, result.starts, ignore=result.unlevelled)


@pytest.mark.parametrize(
    ("kind", "lag", "expected"),
    [(LinkType.FS, 0, 4), (LinkType.FS, 2, 6), (LinkType.SS, 1, 1), (LinkType.FF, 0, 2), (LinkType.SF, 5, 3)],
)
def test_each_link_type_sets_the_earliest_start_of_the_successor(
    kind: LinkType, lag: int, expected: int
) -> None:
    problem = Problem(
        activities=(Activity(4, (1,)), Activity(2, (1,))),
        capacities=(2,),
        links=(Link(0, 1, kind, lag),),
    )
    result = level(problem, settings=QUICK)
    assert result.starts == (0, expected)


def test_serial_and_parallel_schemes_and_justification_give_feasible_schedules() -> None:
    problem = _diamond()
    graph = build_graph(problem)
    for starts in (serial(graph, graph.order), parallel(graph, [0.0] * graph.size)):
        assert not violations(problem, starts)
        better = justify(graph, reversed_graph(graph), starts)
        assert not violations(problem, better)
        assert makespan(graph, better) <= makespan(graph, starts)


def _diamond() -> Problem:
    """Source, three parallel tasks competing for 2 units, sink: the optimum is 7 (hand-checked)."""
    return Problem(
        activities=(
            Activity(0, (0,)),
            Activity(3, (2,)),
            Activity(4, (1,)),
            Activity(4, (1,)),
            Activity(0, (0,)),
        ),
        capacities=(2,),
        links=tuple(Link(0, k) for k in (1, 2, 3)) + tuple(Link(k, 4) for k in (1, 2, 3)),
    )


def test_the_diamond_is_levelled_to_its_hand_checked_optimum() -> None:
    result = level(_diamond(), settings=QUICK)
    assert result.makespan == 7 and result.optimal and result.lower_bound == 7


def test_within_float_keeps_the_finish_and_reports_what_it_could_not_level() -> None:
    problem = Problem(
        activities=(Activity(4, (1,)), Activity(4, (1,)), Activity(1, (1,)), Activity(2, (0,))),
        capacities=(1,),
        links=(Link(0, 3),),
    )
    result = level(problem, mode=Mode.WITHIN_FLOAT, settings=QUICK)
    assert result.makespan == 6
    assert len(result.unlevelled) == 1 and result.unlevelled[0] in (0, 1)
    assert not violations(problem, result.starts, ignore=result.unlevelled)


def test_within_float_to_a_later_finish_levels_everything() -> None:
    problem = Problem(activities=(Activity(4, (1,)), Activity(4, (1,))), capacities=(1,))
    result = level(problem, mode=Mode.WITHIN_FLOAT, finish=8, settings=QUICK)
    assert result.unlevelled == () and sorted(result.starts) == [0, 4]


def test_within_float_refuses_a_finish_before_the_critical_path() -> None:
    problem = Problem(activities=(Activity(4, (1,)),), capacities=(1,))
    with pytest.raises(InfeasibleError):
        level(problem, mode=Mode.WITHIN_FLOAT, finish=3)


def test_bad_input_is_named() -> None:
    with pytest.raises(CycleError):
        Problem(activities=(Activity(1), Activity(1)), capacities=(), links=(Link(0, 1), Link(1, 0)))
    with pytest.raises(UnknownTaskError):
        Problem(activities=(Activity(1),), capacities=(), links=(Link(0, 4),))
    with pytest.raises(InfeasibleError):
        Problem(activities=(Activity(1, (3,)),), capacities=(2,))


def test_a_seeded_deterministic_run_repeats_exactly() -> None:
    from projectoffice.engine.formats.psplib import read_psplib

    problem = read_psplib(psplib_dir() / "j60" / "j6025_1.sm")
    settings = Settings(time_limit=0.2, workers=2, seed=7, deterministic=True, schedules=100)
    first, second = level(problem, settings=settings), level(problem, settings=settings)
    assert first.starts == second.starts
    assert not violations(problem, first.starts)


def test_progress_reports_a_falling_makespan_and_a_rising_bound() -> None:
    from projectoffice.engine.formats.psplib import read_psplib

    seen: list[tuple[int, int, float]] = []
    problem = read_psplib(psplib_dir() / "j30" / "j3045_1.sm")
    result = level(problem, settings=Settings(time_limit=1.0), progress=lambda *a: seen.append(a))
    assert seen and seen[-1][0] == result.makespan
    assert all(a[0] >= b[0] and a[1] <= b[1] and a[2] <= b[2] for a, b in itertools.pairwise(seen))
    graph = build_graph(problem)
    assert result.lower_bound >= critical_path_bound(graph)
    assert order_by_time(graph, list(result.starts))[0] == 0


def test_the_cli_prints_the_json_answer_with_every_job_in_file_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = level_command.main([str(psplib_dir() / "j30" / "j301_1.sm"), "--time-limit", "5", "--json"])
    answer = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(answer) == {"makespan", "lower_bound", "optimal", "seconds", "starts"}
    assert len(answer["starts"]) == 32 and answer["starts"][0] == 0
    assert answer["makespan"] == 43 and answer["optimal"] is True  # j301_1's optimum (PSPLIB j30opt)


def test_the_cli_reports_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert level_command.main(["/nonexistent.sm"]) == 2
    assert "nonexistent" in capsys.readouterr().err


def test_activities_that_conflict_on_different_resources_form_one_clique() -> None:
    # a-b and a-e clash on resource 0, b-e on resource 1; c clashes only with b.
    problem = Problem(
        activities=(Activity(3, (2, 0)), Activity(2, (1, 2)), Activity(4, (0, 1)), Activity(1, (1, 1))),
        capacities=(2, 2),
    )
    graph = build_graph(problem)
    assert conflicts(graph) == [{1, 3}, {0, 2, 3}, {1}, {0, 1}]
    assert conflict_cliques(graph) == [[0, 1, 3]]
    result = level(problem, settings=QUICK)
    assert result.makespan == 6 and result.optimal and not violations(problem, result.starts)
