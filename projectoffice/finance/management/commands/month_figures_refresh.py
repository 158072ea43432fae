"""``projectoffice month_figures_refresh``: record (or rewrite) the earned value figures of a closed month."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from projectoffice.core.errors import ApplicationError
from projectoffice.core.management.arguments import month_argument
from projectoffice.finance.services.month_figures import last_closed_month, project_month_figures_refresh
from projectoffice.organization.models import Company


class Command(BaseCommand):
    help = ("Record every project's earned value figures at the end of a past month (default: the last month "
            "closed at some site), and rewrite the later months already recorded.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", type=month_argument, default=None, help="YYYY-MM (default: the last closed)")
        parser.add_argument("--company", default=None, help="The company's code (default: every company)")

    def handle(self, *args: Any, month: dt.date | None, company: str | None, **options: Any) -> None:
        companies = Company.objects.filter(code=company) if company else Company.objects.all()
        if company and not companies:
            raise CommandError(f"No company {company}.")
        for each in companies:
            chosen = month or last_closed_month(each)
            if chosen is None:
                self.stdout.write(f"{each.code}: no closed month.")
                continue
            try:
                rows = project_month_figures_refresh(company=each, month=chosen)
            except ApplicationError as exc:
                raise CommandError(f"{each.code} {chosen:%Y-%m}: {exc.message}") from exc
            self.stdout.write(f"{each.code} {chosen:%Y-%m}: {rows} rows of project figures written.")
