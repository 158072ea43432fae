"""``projectoffice timesheet_reminders``: e-mail the people whose weeks are missing or late."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from projectoffice.timesheets.reminders import reminders_send


class Command(BaseCommand):
    help = "E-mail a reminder to everyone with missing or late timesheets (once a day per person)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="Today (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")

    def handle(self, *args: Any, date: dt.date | None, dry_run: bool, **options: Any) -> None:
        count = reminders_send(today=date or timezone.localdate(), dry_run=dry_run)
        self.stdout.write(f"{'Would remind' if dry_run else 'Reminded'} {count} people.")
