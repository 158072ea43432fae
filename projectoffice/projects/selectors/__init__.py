"""Every non-trivial read of projects and plans, starting from the user's scope."""

from projectoffice.projects.selectors.leadership import (
    budget_in_eur,
    eur_converter,
    leadership_warning,
    threshold_eur,
)
from projectoffice.projects.selectors.projects import (
    ProjectFilters,
    project_get_for_user,
    project_list,
    project_team,
    projects_visible_to,
)
from projectoffice.projects.selectors.schedule import (
    Comparison,
    Variance,
    baseline_compare,
    baselines_of,
    critical_path,
    gantt_data,
    predecessors_text,
    task_get,
    tasks_of,
)

__all__ = [
    "Comparison", "ProjectFilters", "Variance", "baseline_compare", "baselines_of", "budget_in_eur",
    "critical_path", "eur_converter", "gantt_data", "leadership_warning", "predecessors_text", "project_get_for_user",
    "project_list", "project_team", "projects_visible_to", "task_get", "tasks_of", "threshold_eur",
]
