"""After an import, the projects app's recompute: the plan's dates become Project Office's own.

If the engine refuses the imported plan (an input it cannot schedule), the import still keeps the dates MS Project
saved in the file and the report says so; the recompute's own savepoint has rolled its partial work back.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from projectoffice.core.errors import ApplicationError
from projectoffice.projects.interchange.report import ImportReport
from projectoffice.projects.models import Project
from projectoffice.projects.services.recompute import project_recompute


def recompute_after_import(project: Project, *, by: AbstractBaseUser | AnonymousUser | None,
                           report: ImportReport) -> bool:
    """Recompute (inline, or as a job for a large plan); returns whether the dates are already recomputed."""
    try:
        result = project_recompute(project=project, by=by if isinstance(by, AbstractBaseUser) else None)
    except ApplicationError as exc:
        report.warnings.append(f"Not recomputed ({exc.message}); the dates are those saved in the file.")
        return False
    if result.job is not None:
        report.warnings.append(f"The plan is recomputed in the background (job {result.job.pk}); until then the "
                               "dates are those saved in the file.")
        return False
    report.warnings += [f"Schedule: {text}" for text in result.warnings]
    return True
