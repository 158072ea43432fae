from ninja import Router

from projectoffice.projects.interchange.api import router as interchange_router

router = Router(tags=["projects"])
router.add_router("/", interchange_router)
