"""Periodic work of the time app, run by ``projectoffice worker``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from projectoffice.core.jobs import periodic
from projectoffice.timesheets.reminders import reminders_send


@periodic("timesheets.reminders", every=dt.timedelta(hours=24))
def send_timesheet_reminders() -> None:
    """Once a day: remind people of their missing or late weeks."""
    reminders_send(today=timezone.localdate())
