"""/api/v1/projects — projects, their tasks, links, assignments, baselines and recompute.

Path ids are fetched from the caller's scope (404 otherwise); ids in payloads through ``resolve`` (422 naming
the field); edits carry the ``version`` read (409 when stale); every write calls one service.
"""

from ninja import Router

from projectoffice.projects.api import baselines, plan, pool, projects
from projectoffice.projects.interchange.api import router as interchange_router

router = Router(tags=["projects"])
router.add_router("/", interchange_router)
for part in (projects, plan, pool, baselines):
    router.add_router("/", part.router)
