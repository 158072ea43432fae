"""The cockpit page: filters, KPIs, charts, the drill-down tree and the projects in view."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from projectoffice.cockpit.selectors import (
    Cockpit,
    CockpitFilters,
    ProjectRow,
    cockpit,
    cockpit_filters_parse,
    filter_options,
)
from projectoffice.core.errors import ApplicationError

ROW_LIMIT = 200  # the table shows the worst projects first; the figures count them all


@login_required
def index(request: HttpRequest) -> HttpResponse:
    options = filter_options(request.user)
    try:
        filters = cockpit_filters_parse(request.user, request.GET)
    except ApplicationError as exc:
        context: dict[str, Any] = {"error": exc.message, "field": exc.field, "filters": CockpitFilters(), "options": options}
        return render(request, "cockpit/index.html", context, status=422)
    view = cockpit(request.user, filters)
    rows = worst_first(view)[:ROW_LIMIT]
    context = {"filters": filters, "options": options, "view": view, "charts": charts_of(view, rows),
               "rows": rows, "row_limit": ROW_LIMIT, "drill": drill_links(view, filters)}
    return render(request, "cockpit/index.html", context)


def worst_first(view: Cockpit) -> list[Any]:
    order = {"red": 0, "amber": 1, "green": 2}
    return sorted(view.rows, key=lambda r: (order.get(r.health, 3), r.code))


def drill_links(view: Cockpit, filters: CockpitFilters) -> list[dict[str, Any]]:
    """The tree as rows with the query string that drills into each BU and BL (other filters kept)."""
    from urllib.parse import urlencode

    rows = []
    for bu in view.tree.children:
        rows.append({"node": bu, "depth": 0, "query": urlencode(filters.as_query(bu=bu.code, bl=""))})
        for bl in bu.children:
            rows.append({"node": bl, "depth": 1, "query": urlencode(filters.as_query(bu=bu.code, bl=bl.code))})
    return rows


def charts_of(view: Cockpit, rows: list[ProjectRow]) -> dict[str, Any]:
    """The data of the page's Plotly charts: totals over every project, points for the projects listed."""
    return {
        "money": {k: float(getattr(view.tree.sums, k)) for k in ("bac", "pv", "ev", "ac", "eac")},
        "indices": {"code": [r.code for r in rows], "spi": [r.sums.spi for r in rows],
                    "cpi": [r.sums.cpi for r in rows]},
        "bubble": {"code": [r.code for r in rows], "cost": [float(r.sums.eac or r.sums.bac) for r in rows],
                   "value": [float(r.value) for r in rows], "risk": [r.risk for r in rows],
                   "health": [r.health for r in rows]},
        "heatmap": _heatmap(view),
        "utilisation": {"skill": [u.skill for u in view.utilisation],
                        "percent": [u.percent for u in view.utilisation]},
    }


def _heatmap(view: Cockpit) -> dict[str, Any]:
    """Projects by BU (rows) and health (columns)."""
    units = [bu.code for bu in view.tree.children]
    grid = [[getattr(bu.sums, h) for h in ("green", "amber", "red")] for bu in view.tree.children]
    return {"units": units, "health": ["green", "amber", "red"], "z": grid}
