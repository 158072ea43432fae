"""``projectoffice scorecard_snapshot [--month YYYY-MM]``: record every company's KPI values for a month."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from projectoffice.cockpit.services import scorecard_snapshot
from projectoffice.organization.models import Company


class Command(BaseCommand):
    help = "Record every KPI's value for a month (the balanced scorecard's history)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: this month)")

    def handle(self, *args: Any, month: str | None = None, **options: Any) -> None:
        try:
            day = dt.datetime.strptime(month, "%Y-%m").date() if month else None
        except ValueError as exc:
            raise CommandError(f"--month {month!r} is not YYYY-MM") from exc
        for company in Company.objects.order_by("code"):
            count = scorecard_snapshot(company=company, month=day)
            self.stdout.write(f"{company.code}: {count} KPI values recorded")
