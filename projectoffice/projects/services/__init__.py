"""Every write on projects and their schedules goes through one function here (see each module)."""

from projectoffice.projects.services.baselines import baseline_delete, baseline_save
from projectoffice.projects.services.leveling import (
    LevelOutcome,
    project_clear_leveling,
    project_level_resources,
)
from projectoffice.projects.services.links import (
    assignment_add,
    assignment_delete,
    assignment_update,
    link_add,
    link_delete,
    link_update,
    resource_create,
    resource_update,
)
from projectoffice.projects.services.projects import (
    member_add,
    member_remove,
    phase_decide_gate,
    project_apply_lifecycle,
    project_create,
    project_set_health,
    project_set_status,
    project_update,
    projects_transitions,
)
from projectoffice.projects.services.recompute import RecomputeResult, project_recompute
from projectoffice.projects.services.tasks import (
    calendar_create,
    project_set_status_date,
    task_add,
    task_delete,
    task_delete_count,
    task_indent,
    task_move,
    task_outdent,
    task_record_progress,
    task_update,
)

__all__ = [
    "LevelOutcome",
    "RecomputeResult",
    "assignment_add",
    "assignment_delete",
    "assignment_update",
    "baseline_delete",
    "baseline_save",
    "calendar_create",
    "link_add",
    "link_delete",
    "link_update",
    "member_add",
    "member_remove",
    "phase_decide_gate",
    "project_apply_lifecycle",
    "project_clear_leveling",
    "project_create",
    "project_level_resources",
    "project_recompute",
    "project_set_health",
    "project_set_status",
    "project_set_status_date",
    "project_update",
    "projects_transitions",
    "resource_create",
    "resource_update",
    "task_add",
    "task_delete",
    "task_delete_count",
    "task_indent",
    "task_move",
    "task_outdent",
    "task_record_progress",
    "task_update",
]
