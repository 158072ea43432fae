"""``projectoffice demo [--reset]``: fill the database with a deterministic multinational (Exhibit 1)."""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from projectoffice.core.demo_context import DEMO_PASSWORD, DemoContext, demo_loaders


class Command(BaseCommand):
    help = "Load the demo multinational (organisation, people, projects, …) into the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Empty the database first (all data is lost).")
        parser.add_argument("--scale", choices=["small", "large"], default="small",
                            help="small: the demo; large: ten times Project Server's 'large' reference (PostgreSQL).")

    def handle(self, *args, reset: bool, scale: str, **options):
        from projectoffice.organization.models import Company

        started = time.perf_counter()
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        elif Company.objects.exists():
            raise CommandError("The database already holds data; run `projectoffice demo --reset` to replace it.")
        ctx = DemoContext(today=timezone.localdate(), scale=scale, say=lambda text: self.stdout.write(text))
        with transaction.atomic():
            for label, load in demo_loaders():
                step = time.perf_counter()
                load(ctx)
                self.stdout.write(f"  {label:<14} loaded in {time.perf_counter() - step:5.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Demo loaded in {time.perf_counter() - started:.1f} s."))
        self.stdout.write(f"Log in at http://127.0.0.1:8000/ with password “{DEMO_PASSWORD}” as:")
        for username, shows in ctx.logins.items():
            self.stdout.write(f"  {username:<28} {shows}")
