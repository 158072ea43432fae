"""Reminders for missing or late weeks: one e-mail per person listing the weeks they still owe.

Sent once a day at most per person (ReminderSent), by the periodic task in tasks.py and by the
``timesheet_reminders`` management command.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from projectoffice.people.models import Person
from projectoffice.timesheets.models import ReminderSent
from projectoffice.timesheets.selectors import MissingWeek, missing_weeks


def reminder_message(person: Person, weeks: list[MissingWeek]) -> tuple[str, str, str, list[str]]:
    """The e-mail (subject, body, from, to) asking ``person`` for ``weeks``."""
    listed = "\n".join(
        f"  - week of {w.week_start:%d %b %Y}: {'not submitted (draft)' if w.status == 'draft' else 'missing'}"
        for w in weeks
    )
    base = getattr(settings, "PROJECTOFFICE_BASE_URL", "")
    body = (f"Hello {person.user.first_name or person},\n\nThese timesheets are still expected from you:\n{listed}\n\n"
            f"Fill them in at {base}{reverse('timesheets:week')}\n")
    return (f"Timesheets to submit: {len(weeks)} week(s)", body, settings.DEFAULT_FROM_EMAIL, [person.user.email])


@transaction.atomic
def reminders_send(*, today: dt.date, people: QuerySet[Person] | None = None, dry_run: bool = False) -> int:
    """E-mail everyone with missing or late weeks (the last four) who was not reminded today; returns the count."""
    people = people if people is not None else Person.objects.all()
    by_person: dict[int, list[MissingWeek]] = defaultdict(list)
    for week in missing_weeks(people.exclude(user__email=""), today=today):
        by_person[week.person.pk].append(week)
    already = set(ReminderSent.objects.filter(sent_on=today, person__in=list(by_person))
                  .values_list("person_id", flat=True))
    due = {pk: weeks for pk, weeks in by_person.items() if pk not in already}
    if dry_run or not due:
        return len(due)
    send_mass_mail([reminder_message(weeks[0].person, weeks) for weeks in due.values()], fail_silently=False)
    ReminderSent.objects.bulk_create(_sent_rows(due.values(), today), ignore_conflicts=True)
    return len(due)


def _sent_rows(groups: Iterable[list[MissingWeek]], today: dt.date) -> list[ReminderSent]:
    return [ReminderSent(person=w.person, week_start=w.week_start, sent_on=today) for weeks in groups for w in weeks]
