"""``projectoffice cockpit_summary_refresh [--month YYYY-MM]``: store every company's cockpit summary of a month
(run after the month's figures are written; the worker runs it daily)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from projectoffice.cockpit.services import cockpit_summary_refresh
from projectoffice.organization.models import Company


class Command(BaseCommand):
    help = "Store the cockpit's per-(BU, line) summary of a month for every company."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: the last closed month)")

    def handle(self, *args: Any, month: str | None = None, **options: Any) -> None:
        try:
            day = dt.datetime.strptime(month, "%Y-%m").date() if month else None
        except ValueError as exc:
            raise CommandError(f"--month {month!r} is not YYYY-MM") from exc
        for company in Company.objects.order_by("code"):
            count = cockpit_summary_refresh(company=company, month=day)
            self.stdout.write(f"{company.code}: {count} (BU, line) groups stored")
