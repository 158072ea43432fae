"""CPM scheduling: hand-checked cases (MS Project's rules) and hypothesis properties."""

from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projectoffice.engine.calendars import calendar_index, standard_calendar
from projectoffice.engine.errors import CycleError, InvalidInputError, UnknownTaskError
from projectoffice.engine.network import Constraint, LagKind, Link, LinkType, Network, Task
from projectoffice.engine.schedule import schedule

MONDAY = datetime(2026, 3, 2, 8, 0)
DAY = 480


def run(tasks, links=(), **options):
    return schedule(Network(tasks=tuple(tasks), links=tuple(links), start=MONDAY, **options))


def test_finish_to_start_chain_skips_the_weekend():
    result = run([Task(1, "A", duration=5 * DAY), Task(2, "B", duration=DAY)], [Link(1, 2)])
    assert result.task(1).finish == datetime(2026, 3, 6, 17, 0)
    assert result.task(2).start == datetime(2026, 3, 9, 8, 0)
    assert result.finish == datetime(2026, 3, 9, 17, 0)
    assert result.critical_path == (1, 2)


@pytest.mark.parametrize(("kind", "lag", "start", "finish"), [
    (LinkType.FS, DAY, datetime(2026, 3, 5, 8, 0), datetime(2026, 3, 5, 17, 0)),
    (LinkType.FS, -DAY, datetime(2026, 3, 3, 8, 0), datetime(2026, 3, 3, 17, 0)),
    (LinkType.SS, 240, datetime(2026, 3, 2, 13, 0), datetime(2026, 3, 3, 12, 0)),
    (LinkType.FF, 0, datetime(2026, 3, 3, 8, 0), datetime(2026, 3, 3, 17, 0)),
    (LinkType.SF, 2 * DAY, datetime(2026, 3, 3, 8, 0), datetime(2026, 3, 3, 17, 0)),
])
def test_every_link_type_with_lags(kind, lag, start, finish):
    result = run([Task(1, "A", duration=2 * DAY), Task(2, "B", duration=DAY)], [Link(1, 2, kind, lag)])
    assert (result.task(2).start, result.task(2).finish) == (start, finish)


def test_an_elapsed_lag_runs_through_the_weekend():
    result = run([Task(1, "A", duration=5 * DAY), Task(2, "B", duration=DAY)],
                 [Link(1, 2, lag=2 * 24 * 60, lag_kind=LagKind.ELAPSED)])
    assert result.task(2).start == datetime(2026, 3, 9, 8, 0)  # Sunday 17:00 -> next work


def test_a_percent_lag_is_a_share_of_the_predecessors_duration():
    result = run([Task(1, "A", duration=4 * DAY), Task(2, "B", duration=DAY)],
                 [Link(1, 2, LinkType.SS, 50, LagKind.PERCENT)])
    assert result.task(2).start == datetime(2026, 3, 4, 8, 0)


def test_a_milestone_sits_at_the_end_of_its_predecessors_day():
    result = run([Task(1, "A", duration=DAY), Task(2, "Done")], [Link(1, 2)])
    assert result.task(2).start == result.task(2).finish == datetime(2026, 3, 2, 17, 0)


def test_an_elapsed_duration_counts_nights_and_weekends():
    result = run([Task(1, "Cure", duration=3 * 24 * 60, elapsed=True)])
    assert result.task(1).finish == datetime(2026, 3, 5, 8, 0)


def test_float_and_free_float_of_a_parallel_branch():
    result = run([Task(1, "A", duration=DAY), Task(2, "Long", duration=3 * DAY), Task(3, "Short", duration=DAY),
                  Task(4, "End")], [Link(1, 2), Link(1, 3), Link(2, 4), Link(3, 4)])
    assert result.task(3).total_slack == 2 * DAY
    assert result.task(3).free_slack == 2 * DAY
    assert not result.task(3).critical and result.task(2).critical
    assert result.task(3).late_start == datetime(2026, 3, 5, 8, 0)


def test_a_deadline_before_the_links_gives_negative_slack_and_a_warning():
    result = run([Task(1, "A", duration=3 * DAY), Task(2, "B", duration=DAY, deadline=datetime(2026, 3, 3, 17, 0))],
                 [Link(1, 2)])
    assert result.task(2).total_slack == -2 * DAY
    assert result.task(2).critical
    assert any("deadline" in w for w in result.warnings)
    assert any("negative slack" in w for w in result.warnings)


def test_constraints_move_tasks():
    later = datetime(2026, 3, 11, 8, 0)
    result = run([Task(1, "SNET", duration=DAY, constraint=Constraint.SNET, constraint_date=later),
                  Task(2, "MFO", duration=DAY, constraint=Constraint.MFO, constraint_date=datetime(2026, 3, 6, 17)),
                  Task(3, "ALAP", duration=DAY, constraint=Constraint.ALAP)])
    assert result.task(1).start == later
    assert result.task(2).start == datetime(2026, 3, 6, 8, 0)
    assert result.task(3).finish == result.finish == datetime(2026, 3, 11, 17, 0)


def test_a_manual_task_keeps_its_dates_and_drives_its_successor():
    fixed = Task(1, "Fixed", duration=DAY, manual=True, start=datetime(2026, 3, 10, 8), finish=datetime(2026, 3, 12, 17))
    result = run([fixed, Task(2, "Next", duration=DAY)], [Link(1, 2)])
    assert result.task(1).finish == datetime(2026, 3, 12, 17, 0)
    assert result.task(2).start == datetime(2026, 3, 13, 8, 0)


def test_finished_work_keeps_its_actual_dates():
    done = Task(1, "Done", duration=DAY, actual_start=datetime(2026, 3, 3, 8), actual_finish=datetime(2026, 3, 4, 12),
                percent_complete=100)
    result = run([done, Task(2, "Next", duration=DAY)], [Link(1, 2)])
    assert result.task(1).start == datetime(2026, 3, 3, 8, 0)
    assert result.task(2).start == datetime(2026, 3, 4, 13, 0)


def test_a_status_date_pushes_remaining_work_after_it():
    started = Task(1, "Half", duration=2 * DAY, actual_start=MONDAY, percent_complete=50)
    result = schedule(Network(tasks=(started, Task(2, "Next", duration=DAY)), links=(Link(1, 2),), start=MONDAY,
                              status_date=datetime(2026, 3, 9, 8, 0)))
    assert result.task(1).finish == datetime(2026, 3, 9, 17, 0)
    assert result.task(2).start == datetime(2026, 3, 10, 8, 0)


def test_summary_dates_roll_up_and_links_to_a_summary_reach_its_children():
    tasks = [Task(1, "Prep", duration=DAY), Task(10, "Phase"), Task(11, "X", duration=DAY, parent=10),
             Task(12, "Y", duration=2 * DAY, parent=10)]
    result = run(tasks, [Link(1, 10)])
    assert result.task(11).start == result.task(12).start == datetime(2026, 3, 3, 8, 0)
    assert result.task(10).start == datetime(2026, 3, 3, 8, 0)
    assert result.task(10).finish == datetime(2026, 3, 4, 17, 0)
    assert result.task(10).summary


def test_scheduling_from_the_finish_puts_tasks_as_late_as_possible():
    network = Network(tasks=(Task(1, "A", duration=DAY), Task(2, "B", duration=DAY)), links=(Link(1, 2),),
                      finish=datetime(2026, 3, 6, 17, 0), from_finish=True)
    result = schedule(network)
    assert result.task(1).late_start == datetime(2026, 3, 5, 8, 0)
    assert result.start == datetime(2026, 3, 5, 8, 0)


def test_a_cycle_is_reported_with_its_tasks():
    with pytest.raises(CycleError) as caught:
        run([Task(1), Task(2, duration=DAY), Task(3, duration=DAY), Task(4)], [Link(1, 2), Link(2, 3), Link(3, 2)])
    assert sorted(map(str, caught.value.tasks)) == ["2", "3"]
    assert "2 → 3 → 2" in str(caught.value) or "3 → 2 → 3" in str(caught.value)


def test_links_to_unknown_tasks_are_named():
    with pytest.raises(UnknownTaskError, match="99"):
        run([Task(1)], [Link(1, 99)])


def test_negative_durations_are_refused_with_the_task():
    with pytest.raises(InvalidInputError, match="Task 7"):
        Task(7, "Bad", duration=-5)


# -- properties ---------------------------------------------------------------------------------------------------
@st.composite
def networks(draw, kinds=tuple(LinkType)):
    n = draw(st.integers(1, 14))
    tasks = [Task(i, f"T{i}", duration=draw(st.sampled_from([0, 60, 240, 480, 960, 2400]))) for i in range(n)]
    links, pairs = [], set()
    for _ in range(draw(st.integers(0, 2 * n))):
        a, b = sorted(draw(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))))
        if a != b and (a, b) not in pairs:
            pairs.add((a, b))
            links.append(Link(a, b, draw(st.sampled_from(kinds)), draw(st.sampled_from([0, 0, 240, 480]))))
    start = MONDAY + timedelta(minutes=draw(st.integers(0, 7 * 24 * 60)))
    return Network(tasks=tuple(tasks), links=tuple(links), start=start)


@settings(max_examples=60, deadline=None)
@given(networks())
def test_early_dates_never_follow_late_dates_and_float_is_not_negative(network):
    """Compared in working time: a finish at Friday 17:00 and one at Monday 08:00 are the same moment of work."""
    result = schedule(network)
    work = calendar_index(standard_calendar())
    for task in result.tasks():
        assert work.working_minutes(task.early_start, task.late_start) >= 0
        assert work.working_minutes(task.early_finish, task.late_finish) >= 0
        assert task.total_slack >= 0 and task.free_slack >= 0


@settings(max_examples=60, deadline=None)
@given(networks(kinds=(LinkType.FS, LinkType.SS, LinkType.FF)))
def test_the_critical_path_spans_the_project(network):
    """Without start-to-finish links (which may pull work before the project start) it runs start to end."""
    result = schedule(network)
    work = calendar_index(standard_calendar())
    path = [result.task(u) for u in result.critical_path]
    assert all(t.critical for t in path)
    assert path[-1].finish == result.finish or work.working_minutes(path[-1].finish, result.finish) == 0
    assert work.working_minutes(result.start, path[0].start) == 0


@settings(max_examples=60, deadline=None)
@given(networks(kinds=(LinkType.FS,)))
def test_durations_and_lags_along_the_critical_path_make_the_project_length(network):
    result = schedule(network)
    work = calendar_index(standard_calendar())
    path = result.critical_path
    durations = sum(next(t.duration for t in network.tasks if t.uid == u) for u in path)
    lags = sum(next(k.lag for k in network.links if (k.predecessor, k.successor) == pair)
               for pair in pairwise(path))
    assert durations + lags == work.working_minutes(result.start, result.finish)


@settings(max_examples=40, deadline=None)
@given(networks(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_tasks(network, rng):
    shuffled_tasks, shuffled_links = list(network.tasks), list(network.links)
    rng.shuffle(shuffled_tasks)
    rng.shuffle(shuffled_links)
    other = Network(tasks=tuple(shuffled_tasks), links=tuple(shuffled_links), start=network.start)
    first, second = schedule(network), schedule(other)
    assert sorted(first.tasks(), key=lambda t: t.uid) == sorted(second.tasks(), key=lambda t: t.uid)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 3 * 365 * 24 * 60), st.integers(0, 50 * 480), st.sampled_from(["FR", "DE", "US"]))
def test_adding_then_subtracting_work_is_the_identity_at_working_moments(offset, minutes, country):
    from projectoffice.engine.calendars import site_calendar

    work = calendar_index(site_calendar(country, years=range(2025, 2031)))
    moment = work.next_working(datetime(2026, 1, 1) + timedelta(minutes=offset))
    assert work.subtract(work.add(moment, minutes), minutes) == moment
    assert work.working_minutes(moment, work.add(moment, minutes)) == minutes


def test_work_running_years_past_the_first_calendar_span_still_schedules():
    years = 250 * 480 * 4  # four years of working days each
    result = run([Task(1, "Long", duration=years), Task(2, "Longer", duration=2 * years)], [Link(1, 2)])
    assert result.task(2).finish.year == 2037  # 3,000 working days of about 261 a year
    assert calendar_index(standard_calendar()).working_minutes(result.start, result.finish) == 3 * years


def test_an_empty_network_starts_and_finishes_at_the_project_start():
    result = run([])
    assert result.start == result.finish == MONDAY
    assert result.tasks() == [] and result.critical_path == ()
