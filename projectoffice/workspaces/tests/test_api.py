"""The office workspace endpoint returns the page's figures from the caller's scope."""

from __future__ import annotations

from typing import Any

from projectoffice.workspaces.tests.test_views import contract_change, red_project


def test_the_pso_workspace_endpoint_reports_the_sites_figures(org: Any, client_as: Any) -> None:
    contract_change(red_project(org, "W-RED", site="W"), org)
    red_project(org, "MUC-RED", site="MUC")
    response = client_as(org.users["pso-manager"]).get(f"/api/v1/offices/{org.offices['PSO-FR'].pk}/workspace")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "pso" and body["pmo"] is None
    assert body["projects"]["red"] == 1 and body["projects"]["attention"] == ["W-RED"]
    assert body["pso"]["sites"] == ["W"] and body["pso"]["changes_pending"] == 1


def test_the_pmo_workspace_endpoint_lists_contract_changes(org: Any, client_as: Any) -> None:
    contract_change(red_project(org, "W-RAN", site="W"), org)
    response = client_as(org.users["pmo-manager"]).get(f"/api/v1/offices/{org.offices['PMO-RAN'].pk}/workspace")
    assert response.status_code == 200
    assert response.json()["pmo"]["contract_changes"] == ["W-RAN CR-1"]


def test_an_office_out_of_scope_is_404_in_the_api(org: Any, client_as: Any) -> None:
    response = client_as(org.users["outsider"]).get(f"/api/v1/offices/{org.offices['PSO-FR'].pk}/workspace")
    assert response.status_code == 404
