"""How the access walk (core/tests/test_access.py) exercises the time endpoints.

``populate`` writes one week (2026-03-02) for four people of both companies — the team member's on two projects
and leave, submitted; leave at Munich and Austin; the outsider's on an Initech project — gives the team member a
line manager, and has the project leader delegate approvals to the data manager. ``visible`` reads who sees
time from docs/timesheets.md ("the person, their line manager (and delegates), the managers/leaders of the
projects on its lines, the PSO staff of the person's site, company executives"), not from the selectors.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from projectoffice.core.tests.api_walk import Route, create, list_of, read, write
from projectoffice.people.models import Person, RoleAssignment
from projectoffice.projects.models import Project, ProjectMember, Task
from projectoffice.projects.tests.access_routes import Reach, reach
from projectoffice.timesheets.models import ApprovalDelegation, Period, Timesheet, TimesheetLine

V = "/api/v1"
WEEK = dt.date(2026, 3, 2)
ROW_SETS: dict[str, Any] = {"timesheets": Timesheet, "lines": TimesheetLine, "inbox": TimesheetLine,
                            "delegations": ApprovalDelegation, "periods": Period}


def populate(org: Any) -> None:
    from projectoffice.timesheets import services

    def member_of(group: str) -> Person:
        return Person.objects.filter(group=org.groups[group], user__username__startswith="member").earliest("pk")

    def task(code: str) -> Task:
        return Task.objects.get(project__code=code, name="Build")

    Person.objects.filter(pk=org.people["team-member"].pk).update(line_manager=org.people["pmo-project-manager"])
    mine = services.timesheet_open(person=org.people["team-member"], week_start=WEEK, by=None)
    for what in (task("P-W"), task("P-AUS")):
        services.line_add(timesheet=mine, by=None, task=what, hours=(4, 0, 0, 0, 0, 0, 0))
    services.line_add(timesheet=mine, by=None, category="leave", hours=(0, 8, 0, 0, 0, 0, 0))
    services.timesheet_submit(timesheet=Timesheet.objects.get(pk=mine.pk), by=None)
    for person in (member_of("RAN@MUC"), member_of("CLD@AUS")):
        week = services.timesheet_open(person=person, week_start=WEEK, by=None)
        services.line_add(timesheet=week, by=None, category="leave", hours=(8, 0, 0, 0, 0, 0, 0))
    theirs = services.timesheet_open(person=org.people["outsider"], week_start=WEEK, by=None)
    services.line_add(timesheet=theirs, by=None, task=task("P-Z"), hours=(6, 0, 0, 0, 0, 0, 0))
    today = dt.date.today()
    ApprovalDelegation.objects.create(delegator=org.people["project-leader"], delegate=org.people["data-manager"],
                                      start=today - dt.timedelta(days=1), end=today + dt.timedelta(days=30))


# --- who sees time, read from the docs ------------------------------------------------------------------------
def acting(r: Reach) -> set[int]:
    """The person and those who delegated their approvals to them today."""
    today = dt.date.today()
    return {r.person_id or 0} | {d.delegator_id for d in ApprovalDelegation.objects.all() if d.start <= today <= d.end
                                 and d.delegate_id == r.person_id}


def approved_projects(people: set[int]) -> set[int]:
    """Projects whose time these people approve: they manage or lead them."""
    led = {p for p, person, role in ProjectMember.objects.values_list("project_id", "person_id", "role")
           if person in people and role in ("manager", "leader")}
    return led | {p for p, manager in Project.objects.values_list("pk", "project_manager_id") if manager in people}


def visible(user: Any, seen: dict[str, set[int]]) -> dict[str, set[int]]:
    r = reach(user)
    if r.everything:
        every = {name: set(model.objects.values_list("pk", flat=True)) for name, model in ROW_SETS.items()}
        return every | {"inbox": set(), "delegations": set()}  # a superuser has no person: nothing to approve
    people = {p.pk: p for p in Person.objects.all()}
    me = acting(r)
    projects = approved_projects(me) if r.person_id else set()

    def whose(person_id: int) -> bool:
        person = people[person_id]
        return (person_id == r.person_id or person.line_manager_id in me or person.home_site_id in r.supported_sites
                or person.company_id in r.whole_companies)

    lines = list(TimesheetLine.objects.all())
    weeks = {t.pk for t in Timesheet.objects.all() if r.person_id and whose(t.person_id)}
    weeks |= {line.timesheet_id for line in lines if line.project_id in projects}
    return {
        "timesheets": weeks,
        "lines": {line.pk for line in lines if (r.person_id and whose(line.person_id)) or line.project_id in projects},
        "inbox": {line.pk for line in lines if line.status == "submitted" and r.person_id
                  and line.person_id != r.person_id and approves(line, people, me, projects)},
        "delegations": {d.pk for d in ApprovalDelegation.objects.all() if r.person_id in (d.delegator_id,
                                                                                          d.delegate_id)},
        "periods": {pk for pk, site in Period.objects.values_list("pk", "site_id") if site in seen["sites"]},
    }


def approves(line: TimesheetLine, people: dict[int, Person], me: set[int], projects: set[int]) -> bool:
    """Project time: the project's managers and leaders; other time: the line manager, or for someone without
    one the PSO managers of their site."""
    if line.project_id is not None:
        return line.project_id in projects
    person = people[line.person_id]
    if person.line_manager_id is not None:
        return person.line_manager_id in me
    managers = RoleAssignment.objects.filter(role="pso-manager", office__sites=person.home_site_id)
    return bool(set(managers.values_list("person_id", flat=True)) & me)


# --- routes ----------------------------------------------------------------------------------------------------
def _csv(ids: Any) -> dict[str, Any]:
    username = Person.objects.select_related("user").get(pk=ids["people"]).user.username
    content = f"username,week_start,category,project,task,mon,tue,wed,thu,fri,sat,sun,comment\n" \
              f"{username},{WEEK},leave,,,0,0,4,0,0,0,0,walk\n"
    return {"file": SimpleUploadedFile("time.csv", content.encode())}


def _delegation(ids: Any) -> dict[str, Any]:
    return {"delegate_id": ids["people"], "start": "2031-01-06", "end": "2031-01-10"}


ONE_WEEK = {"week_start": WEEK.isoformat()}
ROUTES: dict[tuple[str, str], Route] = {
    ("GET", f"{V}/timesheets"): list_of("timesheets", query=ONE_WEEK),
    ("POST", f"{V}/timesheets"): create("timesheets", lambda ids: {"week_start": "2026-03-09",
                                                                   "person_id": ids["people"]}, people="person_id"),
    ("GET", f"{V}/timesheets/{{timesheet_id}}"): read("timesheets"),
    ("POST", f"{V}/timesheets/{{timesheet_id}}/submit"): write("timesheets"),
    ("POST", f"{V}/timesheets/{{timesheet_id}}/override"): write("timesheets", lambda ids: {"reason": "walk"}),
    ("POST", f"{V}/timesheets/{{timesheet_id}}/copy-last-week"): write("timesheets"),
    ("GET", f"{V}/timesheet-lines"): list_of("lines", query=ONE_WEEK),
    ("POST", f"{V}/timesheet-lines"): create(
        "lines", lambda ids: {"timesheet_id": ids["timesheets"], "task_id": ids["tasks"], "d3": "1"},
        timesheets="timesheet_id", tasks="task_id"),
    ("GET", f"{V}/timesheet-lines/{{line_id}}"): read("lines"),
    ("PATCH", f"{V}/timesheet-lines/{{line_id}}"): write("lines", lambda ids: {"d1": "1"}),
    ("DELETE", f"{V}/timesheet-lines/{{line_id}}"): write("lines"),
    ("POST", f"{V}/timesheet-lines/{{line_id}}/correct"): write("lines", lambda ids: {"d1": "1", "reason": "walk"}),
    ("GET", f"{V}/approvals"): list_of("inbox"),
    ("POST", f"{V}/approvals/{{line_id}}/approve"): write("lines"),
    ("POST", f"{V}/approvals/{{line_id}}/reject"): write("lines", lambda ids: {"reason": "walk"}),
    ("GET", f"{V}/approval-delegations"): list_of("delegations"),
    ("POST", f"{V}/approval-delegations"): create("delegations", _delegation, people="delegate_id"),
    ("DELETE", f"{V}/approval-delegations/{{delegation_id}}"): write("delegations"),
    ("GET", f"{V}/periods"): read("sites", param="site_id"),
    ("POST", f"{V}/periods/close"): create("periods", lambda ids: {"site_id": ids["sites"], "month": "2026-03-01"},
                                           sites="site_id"),
    ("POST", f"{V}/periods/reopen"): create("periods", lambda ids: {"site_id": ids["sites"], "month": "2026-03-01",
                                                                    "reason": "walk"}, sites="site_id"),
    ("GET", f"{V}/labour-rules"): list_of("sites", key="site_id"),
    ("PATCH", f"{V}/labour-rules/{{site_id}}"): write("sites", lambda ids: {"max_hours_per_day": "9"}),
    ("POST", f"{V}/timesheet-imports"): create("lines", _csv, form=True, people="username"),
}
