"""``projectoffice scorecard_snapshot [--month YYYY-MM]``: record every company's KPI values for a month."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from projectoffice.cockpit.services import scorecard_snapshot
from projectoffice.core.management.arguments import month_argument
from projectoffice.organization.models import Company


class Command(BaseCommand):
    help = "Record every KPI's value for a month (the balanced scorecard's history)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", type=month_argument, default=None, help="YYYY-MM (default: the last closed month)")

    def handle(self, *args: Any, month: dt.date | None = None, **options: Any) -> None:
        for company in Company.objects.order_by("code"):
            count = scorecard_snapshot(company=company, month=month)
            self.stdout.write(f"{company.code}: {count} KPI values recorded")
