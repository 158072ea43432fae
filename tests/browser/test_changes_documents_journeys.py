"""Change control and document control in a browser, on the demo's change project: a member raises a change with
plan edits and reads its impact, a board approver approves it into a new baseline (nobody approves their own);
the library takes a version through review, check-out and check-in, freezes a configuration baseline at a gate and
refuses what it must (a frozen document without an approved change, a forbidden type, an oversized file, a name
with a drive); the project is closed and its package verified."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
LOADERS = ("organization", "people", "projects", "changes", "documents")  # the change demo and its library
PDF = b"%PDF-1.4 journey\n"


def after_demo(ctx: Any) -> None:
    """Called by conftest's ``demo_server`` once the loaders ran."""
    _seat_the_team_member(ctx.data["change_project"])


def _seat_the_team_member(project: Any) -> None:
    """The demo's teams are drawn at random: make sure the team member login is on the change project's team."""
    from projectoffice.people.models import Person
    from projectoffice.projects.models import ProjectMember, ProjectRole
    from projectoffice.projects.services import member_add

    person = Person.objects.get(user__username="team-member")
    if not ProjectMember.objects.filter(project=project, person=person).exists():
        member_add(project=project, by=None, person=person, role=ProjectRole.MEMBER)


@pytest.fixture
def change_project() -> Any:
    from projectoffice.changes.models import ChangeBoard

    return ChangeBoard.objects.select_related("project__project_manager__user").get().project


def critical_task(project: Any) -> tuple[int, int]:
    from projectoffice.projects.models import Task

    task = Task.objects.filter(project=project, is_summary=False, is_critical=True, duration_minutes__gt=0)
    return task.values_list("uid", "duration_minutes").order_by("sort_index").first()  # type: ignore[return-value]


def notices(page: Any) -> str:
    return " ".join(page.locator(".messages, .errorlist").all_inner_texts())


def decide(page: Any, decision: str, rationale: str, baseline: str = "") -> None:
    page.select_option("select[name=decision]", decision)
    page.fill("textarea[name=rationale]", rationale)
    if baseline:
        page.fill("input[name=baseline_number]", baseline)
    page.click("button:text('Record decision')")
    page.wait_for_load_state()


def test_a_member_raises_a_change_and_the_board_approves_it_into_a_baseline(demo_server: str, page: Any, shot: Any,
                                                                         change_project: Any) -> None:
    from projectoffice.projects.models import Baseline, Task

    project, (uid, minutes) = change_project, critical_task(change_project)
    log_in(page, demo_server, "team-member")
    page.goto(f"{demo_server}/projects/{project.pk}/")
    page.click("a:text-is('Changes')")
    page.fill("input[name=title]", "Longer cooling install")
    page.fill("textarea[name=description]", "The vendor needs two more weeks.")
    page.fill("textarea[name=reason]", "Supplier delay")
    page.select_option("select[name=category]", "schedule")
    page.fill("textarea[name=edits]", json.dumps([{"op": "set_duration", "uid": uid, "duration_minutes": minutes + 4800}]))
    page.check("input[name=supplier_contract_affected]")
    page.click("button:text('Raise and analyse')")
    page.wait_for_url(re.compile(r"/changes/projects/\d+/\d+/$"))
    change_url = page.url
    impact = page.locator("section:has(h2:text('Impact analysis'))").inner_text()
    shot(page, "raised-with-impact")
    assert "raised; its impact is below" in notices(page) and "supplier contract is affected" in page.content()
    assert re.search(r"Finish\s+\S+\s+\S+\s+(\d+\.\d) d", impact) and "Milestones affected" in impact
    assert float(re.search(r"Finish\s+\S+\s+\S+\s+(\d+\.\d) d", impact).group(1)) > 0  # type: ignore[union-attr]
    decide(page, "approve", "I want it")
    assert re.search(r"You raised CR-\d+: someone else on the board decides it\.", notices(page))
    shot(page, "own-approval-refused")

    page.context.clear_cookies()  # log out (log_in's submit button would be the header's "Log out")
    log_in(page, demo_server, project.project_manager.user.username)
    page.goto(change_url)
    decide(page, "approve", "Accepted: the supplier delay is documented.", baseline="3")
    shot(page, "approved")
    assert "is recorded (Approved)" in notices(page) and "approved: the edits were applied" in page.content()
    assert Task.objects.get(project=project, uid=uid).duration_minutes == minutes + 4800
    assert Baseline.objects.filter(project=project, number=3).exists()


def test_the_library_controls_versions_baselines_and_the_archive(demo_server: str, page: Any, shot: Any,
                                                                 change_project: Any, settings: Any) -> None:
    from django.core.management import call_command

    from projectoffice.documents.models import ArchivePackage, ConfigurationBaseline

    settings.PROJECTOFFICE_DOCUMENT_MAX_BYTES = 64 * 1024
    project = change_project
    log_in(page, demo_server, project.project_manager.user.username)  # a member, and the documents' reviewer
    page.goto(f"{demo_server}/projects/{project.pk}/")
    page.click("a:text-is('Documents')")
    page.click("a:text('Test plan')")
    upload(page, "test-plan.pdf", PDF)
    assert re.search(r"Version \d+ uploaded \(draft\)\.", notices(page))
    page.click("button:text('Submit for review')")
    page.select_option("select[name=decision]", "approve")
    page.click("button:text-is('Review')")
    page.wait_for_load_state()
    assert "is approved" in notices(page)
    assert page.locator("tbody tr").first.inner_text().split("\t")[4] == "Approved"
    page.click("button:text('Check out')")
    assert "Checked out by" in page.content()
    shot(page, "approved-and-checked-out")
    page.click("button:text('Check in')")
    assert "Checked in." in notices(page) and "Checked out by" not in page.content()

    for name, data, refusal in (("tool.exe", b"MZ", "“.exe” files are not accepted"),
                                ("big.pdf", PDF + b"x" * 70_000, "the limit is"),
                                ("C:evil.pdf", PDF, "is not a plain file name")):
        assert upload(page, name, data) == 422 and refusal in notices(page), name
    shot(page, "bad-upload-refused")

    page.click("a:text('Configuration baselines')")
    page.fill("input[name=name]", "CB-2 Build gate")
    page.select_option("select[name=phase]", index=1)
    page.click("button:text('Take baseline')")
    page.wait_for_load_state()
    assert "Configuration baseline “CB-2 Build gate” taken" in notices(page)
    assert ConfigurationBaseline.objects.filter(project=project, name="CB-2 Build gate").exists()
    shot(page, "baseline-taken")
    page.click("a:text('Library')")
    page.click("a:text('Requirements specification')")
    assert upload(page, "req.pdf", PDF) == 422
    assert "is frozen in configuration baseline “CB-2 Build gate”: a new version needs an approved change" \
        in notices(page)
    shot(page, "frozen-document-refused")

    page.click("a:text('Archive')")
    page.click("button:text('Close the project and archive it')")
    page.wait_for_load_state()
    package = ArchivePackage.objects.get(project=project)
    assert f"closed and archived as {package.name}" in notices(page) and package.name in page.content()
    page.click("button:text('Verify checksums')")
    assert "every checksum matches" in notices(page)
    shot(page, "archived")
    call_command("archive", "verify", project.code)


def upload(page: Any, name: str, data: bytes) -> int:
    """Upload a file from the document page; the status the server answered."""
    page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": "application/octet-stream",
                                                      "buffer": data}])
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.click("button:text('Upload')")
    page.wait_for_load_state()
    return int(answer.value.status)
