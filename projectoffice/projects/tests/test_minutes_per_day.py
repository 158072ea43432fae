"""A project's day (MS Project's MinutesPerDay): taken from the lead site, kept through MSPDI, used to show and
type durations and lags in days."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from projectoffice.engine.formats.mspdi import parse_mspdi
from projectoffice.projects import selectors, services
from projectoffice.projects.interchange.mspdi_export import mspdi_export
from projectoffice.projects.interchange.mspdi_import import mspdi_import
from projectoffice.projects.models import Project, Task
from projectoffice.projects.tests.conftest import make_project
from projectoffice.projects.tests.test_interchange_mspdi import new
from projectoffice.projects.tests.test_interchange_roundtrip import shared_mspdi
from projectoffice.projects.tests.test_views import client_for


def test_a_new_project_takes_its_lead_sites_working_day(org: Any) -> None:
    site = org.sites["W"]
    project = make_project(org, "DAY")
    assert project.minutes_per_day == round(site.hours_per_day * 60)
    assert make_project(org, "DAY-2", minutes_per_day=420).minutes_per_day == 420


def test_mspdi_import_keeps_the_files_day_and_export_writes_it(org: Any) -> None:
    data = (shared_mspdi() / "mspdinulltasks.xml").read_bytes()
    assert b"<MinutesPerDay>450</MinutesPerDay>" in data
    project, _ = mspdi_import(data=data, source="day.xml", by=None, new=new(org))
    assert Project.objects.get(pk=project.pk).minutes_per_day == 450
    exported = mspdi_export(project=project)
    assert b"<MinutesPerDay>450</MinutesPerDay>" in exported
    assert parse_mspdi(exported).minutes_per_day == 450


def test_importing_over_a_project_replaces_its_day(org: Any) -> None:
    project = make_project(org, "DAY", minutes_per_day=420)
    data = (shared_mspdi() / "mspdinulltasks.xml").read_bytes()
    mspdi_import(data=data, source="day.xml", by=None, project=project)
    assert Project.objects.get(pk=project.pk).minutes_per_day == 450


def test_durations_and_lags_are_shown_and_typed_in_the_projects_days(org: Any) -> None:
    project = make_project(org, "DAY", minutes_per_day=450)
    a = services.task_add(project=project, by=None, name="A", duration_minutes=900)
    b = services.task_add(project=project, by=None, name="B", duration_minutes=450)
    services.link_add(project=project, by=None, predecessor=a, successor=b, lag=450)
    assert selectors.predecessors_text(project)[b.pk].endswith("FS+1d")
    client = client_for(org, "project-leader")
    url = reverse("projects:task_edit", args=[project.pk, a.pk])
    assert 'value="2.00"' in client.get(url, HTTP_HX_REQUEST="true").content.decode()  # 900 min = 2 days of 450
    form = {"name": "A", "duration_days": "3", "percent_complete": "0", "constraint": "ASAP",
            "version": str(Task.objects.get(pk=a.pk).version)}
    assert client.post(url, form, HTTP_HX_REQUEST="true").status_code == 200
    assert Task.objects.get(pk=a.pk).duration_minutes == 1350
