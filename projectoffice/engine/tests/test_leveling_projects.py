"""Levelling several projects on calendars with a shared resource (the issue's graphic designer)."""

from __future__ import annotations

from datetime import datetime

from projectoffice.engine.leveling import Mode, Settings
from projectoffice.engine.leveling.projects import Assignment, ProjectToLevel, Resource, level_projects
from projectoffice.engine.network import Link, Network, Task

MONDAY = datetime(2026, 3, 2, 8)
DAY = 480
DESIGNER, WRITER = 1, 2


def campaign(key: str, priority: int, start: datetime = MONDAY) -> ProjectToLevel:
    """Brief (writer, 1 day) then artwork (designer, 3 days) then print (nobody, 2 days), on the Standard week."""
    network = Network(
        tasks=(
            Task(1, "Campaign", parent=None),
            Task(2, "Brief", duration=DAY, parent=1),
            Task(3, "Artwork", duration=3 * DAY, parent=1),
            Task(4, "Print", duration=2 * DAY, parent=1),
        ),
        links=(Link(2, 3), Link(3, 4)),
        start=start,
    )
    return ProjectToLevel(
        key=key,
        network=network,
        assignments=(Assignment(2, WRITER), Assignment(3, DESIGNER)),
        priority=priority,
    )


POOL = (Resource(DESIGNER, "Graphic designer"), Resource(WRITER, "Copywriter", max_units=2.0))
QUICK = Settings(time_limit=1.0, workers=1)


def test_the_shared_designer_works_on_one_artwork_at_a_time_and_the_important_project_goes_first() -> None:
    result = level_projects([campaign("spring", 300), campaign("summer", 800)], POOL, settings=QUICK)
    spring, summer = result.task("spring", 3), result.task("summer", 3)
    assert summer.delay == 0 and summer.start == datetime(2026, 3, 3, 8)
    assert spring.start >= summer.finish and spring.delay == 3 * DAY
    assert spring.start == datetime(2026, 3, 6, 8) and spring.finish == datetime(2026, 3, 10, 17)
    assert result.task("spring", 4).start >= spring.finish
    assert result.finish == datetime(2026, 3, 12, 17) and result.optimal


def test_the_weekend_is_not_working_time_for_a_moved_task() -> None:
    result = level_projects(
        [campaign("a", 500), campaign("b", 500, datetime(2026, 3, 4, 8))], POOL, settings=QUICK
    )
    artworks = sorted((result.task(k, 3) for k in "ab"), key=lambda t: t.start)
    assert artworks[1].start >= artworks[0].finish
    assert all(t.start.weekday() < 5 and t.finish.weekday() < 5 for t in result.tasks)


def test_within_float_keeps_each_finish_and_names_the_task_it_could_not_level() -> None:
    result = level_projects(
        [campaign("spring", 300), campaign("summer", 800)], POOL, mode=Mode.WITHIN_FLOAT, settings=QUICK
    )
    assert result.finish == datetime(2026, 3, 9, 17)
    assert result.unlevelled == (("spring", 3),)
    assert result.task("summer", 3).levelled


def test_started_work_and_do_not_level_tasks_stay_put() -> None:
    spring = campaign("spring", 300)
    started = Network(
        tasks=tuple(
            Task(t.uid, t.name, t.duration, parent=t.parent, actual_start=MONDAY if t.uid == 2 else None)
            for t in spring.network.tasks
        ),
        links=spring.network.links,
        start=MONDAY,
    )
    spring = ProjectToLevel("spring", started, spring.assignments, priority=300, do_not_level=frozenset({3}))
    result = level_projects([spring, campaign("summer", 800)], POOL, settings=QUICK)
    assert result.task("spring", 2).delay == 0 and result.task("spring", 3).delay == 0
    assert result.task("summer", 3).start >= result.task("spring", 3).finish


def test_a_link_on_a_summary_holds_every_task_below_it_after_levelling() -> None:
    network = Network(
        tasks=(
            Task(1, "Design"),
            Task(2, "Logo", duration=2 * DAY, parent=1),
            Task(3, "Flyer", duration=2 * DAY, parent=1),
            Task(4, "Launch", duration=DAY),
        ),
        links=(Link(1, 4),),
        start=MONDAY,
    )
    project = ProjectToLevel("launch", network, (Assignment(2, DESIGNER), Assignment(3, DESIGNER)))
    result = level_projects([project], POOL, settings=QUICK)
    logo, flyer, launch = (result.task("launch", uid) for uid in (2, 3, 4))
    assert logo.finish <= flyer.start or flyer.finish <= logo.start
    assert launch.start >= max(logo.finish, flyer.finish)
    assert launch.finish == datetime(2026, 3, 6, 17) and result.optimal  # Mon-Tue, Wed-Thu, Friday
