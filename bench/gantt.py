"""Gantt data and the task-list API at 2,000 and 10,000 tasks: server time and query count.

    .venv/bin/python bench/gantt.py [--sizes 2000 10000]

Targets: Gantt data 2,000 ≤ 0.5 s, 10,000 ≤ 2 s; query count independent of the number of tasks. Prints
figures (best of three wall and CPU times, through the test client so middleware, auth and JSON encoding count);
never asserts.
"""

from __future__ import annotations

import argparse
import os

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from projects_setup import bench_project, timed_cpu, world  # type: ignore[import-not-found]


def measure(client: Client, url: str) -> tuple[float, float, int, int]:
    seconds, cpu, response = timed_cpu(lambda: client.get(url))
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return seconds, cpu, len(captured), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10_000])
    sizes = parser.parse_args().sizes
    setup_test_environment()  # the test client's host, as under pytest
    world()
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
    client = Client()
    client.force_login(user)
    print(f"{connection.vendor}, load average {os.getloadavg()[0]:.1f}; cpu = this process + the PostgreSQL backend")
    print(f"{'tasks':>6}  {'endpoint':<34} {'wall':>7} {'cpu':>7} {'queries':>8} {'bytes':>10}")
    for size in sizes:
        project = bench_project(f"G{size}", size)
        for label, url in (("Gantt data (page JSON)", f"/projects/{project.pk}/gantt.json"),
                           ("Gantt data (API)", f"/api/v1/projects/{project.pk}/gantt"),
                           ("task list API, 500 per page", f"/api/v1/projects/{project.pk}/tasks"),
                           ("task list API, 2000 per page", f"/api/v1/projects/{project.pk}/tasks?page_size=2000")):
            seconds, cpu, queries, size_bytes = measure(client, url)
            print(f"{size:>6}  {label:<34} {seconds:6.3f}s {cpu:6.3f}s {queries:8d} {size_bytes:10d}")


if __name__ == "__main__":
    main()
