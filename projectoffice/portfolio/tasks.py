"""Background job: run a scenario's optimiser (and efficient frontier) with progress."""

from __future__ import annotations

from typing import Any

from projectoffice.core.errors import ApplicationError
from projectoffice.core.jobs import Progress, job_handler
from projectoffice.core.models import Job
from projectoffice.engine.errors import EngineError
from projectoffice.engine.portfolio import efficient_frontier, optimise
from projectoffice.portfolio.models import Scenario
from projectoffice.portfolio.problem import frontier_data, scenario_problem, solution_data
from projectoffice.portfolio.services.scenarios import scenario_record_result


@job_handler("portfolio.optimise")
def run_scenario(job: Job, report: Progress) -> dict[str, Any]:
    scenario = Scenario.objects.select_related("business_line__company").get(pk=job.payload["scenario_id"])
    try:
        result, frontier = _solve(scenario, report)
    except ApplicationError as exc:
        scenario_record_result(scenario=scenario, result={}, frontier=[], error=exc.message)
        return {"error": exc.message}
    except EngineError as exc:  # names proposals by code: the engine's ids are the codes
        scenario_record_result(scenario=scenario, result={}, frontier=[], error=str(exc))
        return {"error": str(exc)}
    scenario_record_result(scenario=scenario, result=result, frontier=frontier)
    return {"value": result["value"], "status": result["status"]}


def keep_highs_out_of_this_process() -> None:
    """OR-Tools and highspy cannot share a process (two libhighs.so.1). The product's scheduling and levelling
    use OR-Tools in the web and worker processes, so OR-Tools is loaded first and the engine runs HiGHS in a
    child process (engine/portfolio/isolation.py); loading HiGHS here first would break every later CP-SAT."""
    import ortools.sat.python.cp_model  # noqa: F401


def _solve(scenario: Scenario, report: Progress) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    keep_highs_out_of_this_process()
    sp = scenario_problem(scenario)
    limit = float(scenario.time_limit)
    share = 0.5 if scenario.frontier_points else 0.95

    def on_progress(progress: Any) -> None:
        report(min(share, progress.seconds / limit * share),
               f"best value {progress.objective:,.2f}, bound {progress.bound:,.2f}")

    solution = optimise(sp.problem, time_limit=limit, progress=on_progress)
    result = solution_data(sp, solution, scenario.start_month)
    frontier: list[dict[str, Any]] = []
    if scenario.frontier_points:
        def on_point(done: int, total: int, point: Any) -> None:
            report(share + (1 - share) * done / total, f"frontier {done}/{total}")

        points = efficient_frontier(sp.problem, points=scenario.frontier_points,
                                    time_limit_per_point=max(1.0, limit / scenario.frontier_points),
                                    progress=on_point)
        frontier = frontier_data(points)
    return result, frontier
