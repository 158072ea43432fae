"""The cockpit page: filters, KPIs, charts, the drill-down tree and the projects in view."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from projectoffice.cockpit.selectors import (
    Cockpit,
    CockpitFilters,
    ProjectRow,
    cockpit,
    cockpit_filters_parse,
    filter_options,
)
from projectoffice.cockpit.selectors.figures import HEALTH_RISK
from projectoffice.core.errors import ApplicationError


@login_required
def index(request: HttpRequest) -> HttpResponse:
    options = filter_options(request.user)
    try:
        filters = cockpit_filters_parse(request.user, request.GET)
    except ApplicationError as exc:
        context: dict[str, Any] = {"error": exc.message, "field": exc.field, "filters": CockpitFilters(), "options": options}
        return render(request, "cockpit/index.html", context, status=422)
    page = request.GET.get("page", "1")
    view = cockpit(request.user, filters, page=int(page) if page.isdigit() else 1)
    context = {"filters": filters, "options": options, "view": view, "charts": charts_of(view),
               "rows": row_links(view.rows), "drill": drill_links(view, filters), "pages": page_links(view, filters)}
    return render(request, "cockpit/index.html", context)


LINKS = {"detail": "projects:detail", "gantt": "projects:gantt", "reports": "cockpit:reports"}
MARK = 987654321  # reversed once a page, then replaced by each project's id (one reverse per row costs ~0.5 ms)


def row_links(rows: list[ProjectRow]) -> list[tuple[ProjectRow, dict[str, str]]]:
    """Each listed project with the links of its page, Gantt and status reports."""
    patterns = {name: reverse(view, args=[MARK]) for name, view in LINKS.items()}
    mark = str(MARK)
    return [(r, {name: url.replace(mark, str(r.pk)) for name, url in patterns.items()}) for r in rows]


def page_links(view: Cockpit, filters: CockpitFilters) -> dict[str, str]:
    """The query strings of the previous and next pages of the project list (filters kept)."""
    from urllib.parse import urlencode

    links = {}
    if view.page > 1:
        links["previous"] = urlencode(filters.as_query(page=str(view.page - 1)))
    if view.page < view.pages:
        links["next"] = urlencode(filters.as_query(page=str(view.page + 1)))
    return links


def drill_links(view: Cockpit, filters: CockpitFilters) -> list[dict[str, Any]]:
    """The tree as rows with the query string that drills into each BU and BL (other filters kept)."""
    from urllib.parse import urlencode

    rows = []
    for bu in view.tree.children:
        rows.append({"node": bu, "depth": 0, "query": urlencode(filters.as_query(bu=bu.code, bl=""))})
        for bl in bu.children:
            rows.append({"node": bl, "depth": 1, "query": urlencode(filters.as_query(bu=bu.code, bl=bl.code))})
    return rows


def charts_of(view: Cockpit) -> dict[str, Any]:
    """The data of the page's Plotly charts: totals and distributions over every project in view, points for
    the costliest (view.points)."""
    points = view.points
    s = view.tree.sums
    return {
        "money": {k: float(getattr(s, k)) for k in ("bac", "pv", "ev", "ac", "eac")},
        "indices": {"code": [p["code"] for p in points], "spi": [_ratio(p["ev"], p["pv"]) for p in points],
                    "cpi": [_ratio(p["ev"], p["ac"]) for p in points]},
        "distribution": {"bucket": ["< 0.9", "0.9 – 1.0", "≥ 1.0"], "spi": [s.spi_low, s.spi_mid, s.spi_high],
                         "cpi": [s.cpi_low, s.cpi_mid, s.cpi_high]},
        "bubble": {"code": [p["code"] for p in points], "cost": [float(p["eac"] or 0) for p in points],
                   "value": [float(p["npv"] if p["npv"] is not None else p["bac"] or 0) for p in points],
                   "risk": [p["proposal_risk"] or HEALTH_RISK.get(p["health"], 3) for p in points],
                   "health": [p["health"] for p in points]},
        "heatmap": _heatmap(view),
        "utilisation": {"skill": [u.skill for u in view.utilisation],
                        "percent": [u.percent for u in view.utilisation]},
    }


def _ratio(num: Any, den: Any) -> float | None:
    return float(num / den) if num is not None and den else None


def _heatmap(view: Cockpit) -> dict[str, Any]:
    """Projects by BU (rows) and health (columns)."""
    units = [bu.code for bu in view.tree.children]
    grid = [[getattr(bu.sums, h) for h in ("green", "amber", "red")] for bu in view.tree.children]
    return {"units": units, "health": ["green", "amber", "red"], "z": grid}
