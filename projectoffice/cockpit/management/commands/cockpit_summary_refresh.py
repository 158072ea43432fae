"""``projectoffice cockpit_summary_refresh [--month YYYY-MM]``: store every company's cockpit summary of a month
(run after the month's figures are written; the worker runs it daily)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from projectoffice.cockpit.services import cockpit_summary_refresh
from projectoffice.core.management.arguments import month_argument
from projectoffice.organization.models import Company


class Command(BaseCommand):
    help = "Store the cockpit's per-(BU, line) summary of a month for every company."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", type=month_argument, default=None, help="YYYY-MM (default: the last closed month)")

    def handle(self, *args: Any, month: dt.date | None = None, **options: Any) -> None:
        for company in Company.objects.order_by("code"):
            count = cockpit_summary_refresh(company=company, month=month)
            self.stdout.write(f"{company.code}: {count} (BU, line) groups stored")
