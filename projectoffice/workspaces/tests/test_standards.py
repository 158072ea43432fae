"""A PMO sets its standards — lifecycles and project-library templates — on its workspace and through the API;
nobody else may, and a bad standard is refused whole with the reason."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from projectoffice.documents.models import LibraryTemplate
from projectoffice.projects.models import LifecycleTemplate

LIFECYCLE = "Definition | G1 — Go for design\nDesign | G2 — Design frozen\nBuild\n"
LIBRARY = "Management\n  Project charter | Definition\n  Requirements | Definition | CI\nEngineering\n  Design notes\n"


def new_lifecycle(client: Any, office: Any, text: str = LIFECYCLE, name: str = "Standard") -> Any:
    return client.post(reverse("workspaces:lifecycle_new", args=[office.pk]), {"name": name, "phases": text})


def test_the_pmo_manager_sets_a_lifecycle_and_a_library_on_the_page(org: Any, client_as: Any) -> None:
    client, office = client_as(org.users["pmo-manager"]), org.offices["PMO-RAN"]
    assert new_lifecycle(client, office).status_code == 302
    lifecycle = LifecycleTemplate.objects.get(office=office)
    assert lifecycle.phases == [{"name": "Definition", "gate": "G1 — Go for design"},
                                {"name": "Design", "gate": "G2 — Design frozen"}, {"name": "Build", "gate": ""}]
    response = client.post(reverse("workspaces:library_new", args=[office.pk]), {"name": "Library", "folders": LIBRARY})
    assert response.status_code == 302
    folders = LibraryTemplate.objects.get(office=office).folders
    assert [f["name"] for f in folders] == ["Management", "Engineering"]
    assert folders[0]["documents"][1] == {"title": "Requirements", "phase": "Definition", "configuration_item": True}
    page = client.get(reverse("workspaces:office", args=[office.pk])).content.decode()
    assert "Definition" in page and "Engineering" in page
    assert reverse("workspaces:lifecycle_edit", args=[office.pk, lifecycle.pk]) in page


def test_editing_a_lifecycle_shows_it_as_text_and_replaces_it(org: Any, client_as: Any) -> None:
    client, office = client_as(org.users["pmo-manager"]), org.offices["PMO-RAN"]
    new_lifecycle(client, office)
    lifecycle = LifecycleTemplate.objects.get(office=office)
    url = reverse("workspaces:lifecycle_edit", args=[office.pk, lifecycle.pk])
    assert "Design | G2 — Design frozen" in client.get(url).content.decode()
    assert client.post(url, {"name": "Standard", "phases": "Only | G0"}).status_code == 302
    lifecycle.refresh_from_db()
    assert lifecycle.phases == [{"name": "Only", "gate": "G0"}]


def test_a_library_document_naming_an_unknown_phase_is_refused_and_nothing_saved(org: Any, client_as: Any) -> None:
    client, office = client_as(org.users["pmo-manager"]), org.offices["PMO-RAN"]
    new_lifecycle(client, office)
    response = client.post(reverse("workspaces:library_new", args=[office.pk]),
                           {"name": "Library", "folders": "Management\n  Charter | Launch\n"})
    assert response.status_code == 200
    assert "the phase “Launch” is in none of the office&#x27;s lifecycles" in response.content.decode()
    assert not LibraryTemplate.objects.filter(office=office).exists()


def test_a_lifecycle_with_a_phase_twice_is_refused(org: Any, client_as: Any) -> None:
    client, office = client_as(org.users["pmo-manager"]), org.offices["PMO-RAN"]
    response = new_lifecycle(client, office, "Design\nBuild\ndesign\n")
    assert "Phase 3: “design” appears twice." in response.content.decode()
    assert not LifecycleTemplate.objects.filter(office=office).exists()


def test_a_document_before_any_folder_is_refused_naming_the_line(org: Any, client_as: Any) -> None:
    client, office = client_as(org.users["pmo-manager"]), org.offices["PMO-RAN"]
    response = client.post(reverse("workspaces:library_new", args=[office.pk]),
                           {"name": "Library", "folders": "\n  Charter\nManagement\n"})
    assert "Line 2: a document comes under a folder" in response.content.decode()


def test_only_the_pmos_managers_set_its_standards(org: Any, client_as: Any) -> None:
    office = org.offices["PMO-RAN"]
    assert new_lifecycle(client_as(org.users["pmo-project-manager"]), office).status_code == 403
    assert new_lifecycle(client_as(org.users["data-manager"]), office).status_code == 302
    assert new_lifecycle(client_as(org.users["pso-manager"]), org.offices["PSO-FR"], name="Other").status_code == 403
    response = client_as(org.users["pmo-project-manager"]).post(
        f"/api/v1/offices/{office.pk}/lifecycles", {"name": "X", "phases": [{"name": "A"}]},
        content_type="application/json")
    assert response.status_code == 403
    assert LifecycleTemplate.objects.filter(office=office).count() == 1


def test_the_api_creates_replaces_and_refuses_standards(org: Any, client_as: Any) -> None:
    client, office = client_as(org.users["pmo-manager"]), org.offices["PMO-RAN"]
    url = f"/api/v1/offices/{office.pk}/lifecycles"
    made = client.post(url, {"name": "Std", "phases": [{"name": "Definition", "gate": "G1"}]},
                       content_type="application/json")
    assert made.status_code == 200
    lifecycle_id = made.json()["lifecycles"][0]["id"]
    replaced = client.post(url, {"id": lifecycle_id, "name": "Std", "phases": [{"name": "Design"}]},
                           content_type="application/json")
    assert replaced.json()["lifecycles"] == [{"id": lifecycle_id, "name": "Std",
                                               "content": [{"name": "Design", "gate": ""}]}]
    empty = client.post(url, {"name": "Empty", "phases": []}, content_type="application/json")
    assert empty.status_code == 422 and empty.json()["field"] == "phases"
    library = client.post(f"/api/v1/offices/{office.pk}/library-templates",
                          {"name": "Lib", "folders": [{"name": "A/B"}]}, content_type="application/json")
    assert library.status_code == 422 and library.json()["field"] == "folders"
    assert client.get(f"/api/v1/offices/{office.pk}/standards").json()["library_templates"] == []


def test_a_second_standard_with_the_same_name_is_refused(org: Any, client_as: Any) -> None:
    client, office = client_as(org.users["pmo-manager"]), org.offices["PMO-RAN"]
    new_lifecycle(client, office)
    response = new_lifecycle(client, office, "Other | G9")
    assert "PMO-RAN already has a lifecycle named “Standard”." in response.content.decode()
    assert LifecycleTemplate.objects.filter(office=office).count() == 1
