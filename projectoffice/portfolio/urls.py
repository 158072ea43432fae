from django.urls import path

from projectoffice.portfolio.views import proposals, scenarios, strategy

app_name = "portfolio"
urlpatterns = [
    path("", strategy.index, name="index"),
    path("lines/<int:line_id>/", strategy.line, name="line"),
    path("lines/<int:line_id>/capacity/", strategy.capacity, name="capacity"),
    path("lines/<int:line_id>/objectives/", strategy.objective_add, name="objective_add"),
    path("lines/<int:line_id>/drivers/", strategy.driver_add, name="driver_add"),
    path("lines/<int:line_id>/compare/preview/", strategy.compare_preview, name="compare_preview"),
    path("lines/<int:line_id>/compare/", strategy.compare_save, name="compare_save"),
    path("lines/<int:line_id>/proposals/new/", proposals.proposal_edit, name="proposal_new"),
    path("proposals/<int:proposal_id>/", proposals.proposal_detail, name="proposal"),
    path("proposals/<int:proposal_id>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("proposals/<int:proposal_id>/business-case/", proposals.cash_flows_save, name="cash_flows"),
    path("proposals/<int:proposal_id>/demand/", proposals.demand_save, name="demand"),
    path("proposals/<int:proposal_id>/dependencies/", proposals.dependency_add, name="dependency_add"),
    path("dependencies/<int:dependency_id>/remove/", proposals.dependency_remove, name="dependency_remove"),
    path("proposals/<int:proposal_id>/feasibility/", proposals.feasibility_save, name="feasibility"),
    path("proposals/<int:proposal_id>/ratings/", proposals.ratings_save, name="ratings"),
    path("proposals/<int:proposal_id>/advance/", proposals.advance, name="advance"),
    path("lines/<int:line_id>/scenarios/new/", scenarios.scenario_edit, name="scenario_new"),
    path("lines/<int:line_id>/scenarios/compare/", scenarios.scenario_compare, name="compare"),
    path("scenarios/<int:scenario_id>/", scenarios.scenario_detail, name="scenario"),
    path("scenarios/<int:scenario_id>/edit/", scenarios.scenario_edit, name="scenario_edit"),
    path("scenarios/<int:scenario_id>/run/", scenarios.scenario_run, name="scenario_run"),
    path("scenarios/<int:scenario_id>/decide/", scenarios.scenario_decide, name="scenario_decide"),
]
