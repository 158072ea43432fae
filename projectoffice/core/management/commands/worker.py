"""``projectoffice worker``: runs queued background jobs and the periodic tasks (status reports, reminders)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from projectoffice.core import jobs


class Command(BaseCommand):
    help = "Run background jobs and periodic tasks until stopped (or once with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due, then exit.")
        parser.add_argument("--sleep", type=float, default=2.0, help="Seconds between polls.")

    def handle(self, *args, once: bool, sleep: float, **options):
        import projectoffice.core.api  # noqa: F401  (imports every app's handlers)

        last_run: dict[str, float] = {}
        while True:
            while (job := jobs.job_run_next()) is not None:
                self.stdout.write(f"{timezone.now():%H:%M:%S} {job}")
            for name, (every, function) in jobs.PERIODIC.items():
                if time.monotonic() - last_run.get(name, -1e12) >= every.total_seconds():
                    last_run[name] = time.monotonic()
                    function()
            if once:
                return
            time.sleep(sleep)
