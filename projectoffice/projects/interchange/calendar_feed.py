"""A project's milestones as an iCalendar feed (RFC 5545), written by hand: one all-day event per milestone on
its local date at the lead site, plus the per-user token that lets a calendar application subscribe without a
session (it changes when the user's password does, like Django's password-reset tokens)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from projectoffice.projects.models import Project, Task

TOKEN_SALT = "projectoffice.projects.interchange.milestones-feed"


def _escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (§3.1), never splitting a character."""
    out: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode()) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += char
    out.append(current)
    return "\r\n ".join(out)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def milestones_ics(*, project: Project, now: dt.datetime | None = None) -> str:
    """The VCALENDAR text (CRLF line ends) of the project's milestones, by date."""
    zone = zoneinfo.ZoneInfo(project.lead_site.time_zone)
    stamp = _utc(now or timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Project Office//Milestones//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(f'{project.code} milestones')}"]
    milestones = Task.objects.filter(project=project, is_milestone=True, finish__isnull=False).order_by(
        "finish", "sort_index").only("uid", "name", "wbs", "finish", "is_critical", "percent_complete", "deadline")
    for task in milestones:
        lines += _event(project, task, zone, stamp)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _event(project: Project, task: Task, zone: zoneinfo.ZoneInfo, stamp: str) -> list[str]:
    assert task.finish is not None
    day = task.finish.astimezone(zone).date()
    details = [f"WBS {task.wbs}" if task.wbs else "", "critical" if task.is_critical else "",
               "done" if task.percent_complete >= 100 else ""]
    if task.deadline is not None:
        details.append(f"deadline {task.deadline.astimezone(zone):%Y-%m-%d}")
    return [
        "BEGIN:VEVENT", f"UID:project-{project.pk}-task-{task.uid}@projectoffice", f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(f'{project.code}: {task.name}')}",
        f"DESCRIPTION:{_escape(', '.join(d for d in details if d))}",
        "TRANSP:TRANSPARENT", "END:VEVENT",
    ]


def feed_token(user: Any, project: Project) -> str:
    """The subscription token of ``user`` for ``project``'s feed."""
    return salted_hmac(TOKEN_SALT, f"{user.pk}:{project.pk}:{user.password}:{user.is_active}").hexdigest()[:40]


def feed_user(user_id: str, project: Project, token: str) -> Any | None:
    """The user a token was made for, or None when it does not match (changed password, other project)."""
    user = get_user_model().objects.filter(pk=int(user_id), is_active=True).first() if user_id.isdigit() else None
    if user is None or not constant_time_compare(feed_token(user, project), token):
        return None
    return user
