"""/api/v1/ — organisation units, sites (with their calendars), groups and project offices."""


import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from projectoffice.access import company_of
from projectoffice.core.api import ErrorOut, resolve
from projectoffice.core.errors import ApplicationError
from projectoffice.organization import selectors, services
from projectoffice.organization.calendars import site_days_off
from projectoffice.organization.models import Company, OrgUnit, ProjectOffice, Site

router = Router(tags=["organisation"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _company(request: HttpRequest) -> Company:
    return company_of(request.user)


# --- org units ---------------------------------------------------------------------------------------------
class OrgUnitOut(Schema):
    id: int
    kind: str
    code: str
    name: str
    parent_id: int | None
    description: str
    version: int


class OrgUnitIn(Schema):
    kind: OrgUnit.Kind
    code: str
    name: str
    parent_id: int | None = None
    description: str = ""


class OrgUnitPatch(Schema):
    code: str | None = None
    name: str | None = None
    parent_id: int | None = None
    description: str | None = None
    version: int | None = None


class OrgUnitFilter(Schema):
    kind: OrgUnit.Kind | None = None
    parent_id: int | None = None
    q: str = ""


@router.get("/org-units", response=list[OrgUnitOut])
@paginate(PageNumberPagination)
def list_org_units(request: HttpRequest, filters: Query[OrgUnitFilter]):
    units = selectors.org_units_visible_to(request.user)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.parent_id:
        units = units.filter(parent_id=filters.parent_id)
    if filters.q:
        units = units.filter(name__icontains=filters.q) | units.filter(code__icontains=filters.q)
    return units.order_by("code")


@router.get("/org-units/{unit_id}", response={200: OrgUnitOut, **ERRORS})
def get_org_unit(request: HttpRequest, unit_id: int):
    return selectors.org_unit_get_for_user(user=request.user, unit_id=unit_id)


@router.post("/org-units", response={201: OrgUnitOut, **ERRORS})
def create_org_unit(request: HttpRequest, payload: OrgUnitIn):
    parent = resolve(selectors.org_units_visible_to(request.user), payload.parent_id, field="parent_id", label="unit")
    unit = services.org_unit_create(by=request.user, company=_company(request), kind=payload.kind,
                                    code=payload.code, name=payload.name, parent=parent,
                                    description=payload.description)
    return Status(201, unit)


@router.patch("/org-units/{unit_id}", response={200: OrgUnitOut, **ERRORS})
def update_org_unit(request: HttpRequest, unit_id: int, payload: OrgUnitPatch):
    unit = selectors.org_unit_get_for_user(user=request.user, unit_id=unit_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "parent_id"})
    if "parent_id" in payload.model_fields_set:
        changes["parent"] = resolve(selectors.org_units_visible_to(request.user), payload.parent_id,
                                    field="parent_id", label="unit")
    return services.org_unit_update(unit=unit, by=request.user, changes=changes, expected_version=payload.version)


@router.delete("/org-units/{unit_id}", response={204: None, **ERRORS})
def delete_org_unit(request: HttpRequest, unit_id: int):
    services.org_unit_delete(unit=selectors.org_unit_get_for_user(user=request.user, unit_id=unit_id),
                             by=request.user)
    return Status(204, None)


# --- sites ---------------------------------------------------------------------------------------------------
class SiteOut(Schema):
    id: int
    code: str
    name: str
    city: str
    country: str
    subdivision: str
    time_zone: str
    currency: str
    language: str
    working_days: list[int]
    working_hours: list[list[str]]
    max_hours_per_day: Decimal
    max_hours_per_week: Decimal
    min_rest_hours: Decimal
    archive_location: str
    local_time: dt.datetime
    version: int

    @staticmethod
    def resolve_local_time(site: Site) -> dt.datetime:
        from projectoffice.organization.calendars import local_now

        return local_now(site, timezone.now())


class SiteIn(Schema):
    code: str
    name: str
    city: str = ""
    country: str
    subdivision: str = ""
    time_zone: str
    currency: str
    language: str = "en"
    working_days: list[int] = [1, 2, 3, 4, 5]
    working_hours: list[list[str]] = [["09:00", "12:30"], ["13:30", "17:30"]]
    max_hours_per_day: Decimal = Decimal("10")
    max_hours_per_week: Decimal = Decimal("48")
    min_rest_hours: Decimal = Decimal("11")
    archive_location: str = ""


class SitePatch(Schema):
    code: str | None = None
    name: str | None = None
    city: str | None = None
    country: str | None = None
    subdivision: str | None = None
    time_zone: str | None = None
    currency: str | None = None
    language: str | None = None
    working_days: list[int] | None = None
    working_hours: list[list[str]] | None = None
    max_hours_per_day: Decimal | None = None
    max_hours_per_week: Decimal | None = None
    min_rest_hours: Decimal | None = None
    archive_location: str | None = None
    version: int | None = None


class SiteFilter(Schema):
    country: str | None = None
    q: str = ""


class SiteDayOut(Schema):
    date: dt.date
    name: str
    is_working: bool
    source: str


class ExceptionIn(Schema):
    date: dt.date
    name: str
    is_working: bool = False


class ExceptionOut(Schema):
    id: int
    date: dt.date
    name: str
    is_working: bool


@router.get("/sites", response=list[SiteOut])
@paginate(PageNumberPagination)
def list_sites(request: HttpRequest, filters: Query[SiteFilter]):
    sites = selectors.sites_visible_to(request.user)
    if filters.country:
        sites = sites.filter(country=filters.country.upper())
    if filters.q:
        sites = sites.filter(name__icontains=filters.q) | sites.filter(city__icontains=filters.q)
    return sites.order_by("code")


@router.get("/sites/{site_id}", response={200: SiteOut, **ERRORS})
def get_site(request: HttpRequest, site_id: int):
    return selectors.site_get_for_user(user=request.user, site_id=site_id)


@router.post("/sites", response={201: SiteOut, **ERRORS})
def create_site(request: HttpRequest, payload: SiteIn):
    return Status(201, services.site_create(by=request.user, company=_company(request), **payload.dict()))


@router.patch("/sites/{site_id}", response={200: SiteOut, **ERRORS})
def update_site(request: HttpRequest, site_id: int, payload: SitePatch):
    site = selectors.site_get_for_user(user=request.user, site_id=site_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return services.site_update(site=site, by=request.user, changes=changes, expected_version=payload.version)


@router.delete("/sites/{site_id}", response={204: None, **ERRORS})
def delete_site(request: HttpRequest, site_id: int):
    services.site_delete(site=selectors.site_get_for_user(user=request.user, site_id=site_id), by=request.user)
    return Status(204, None)


@router.get("/sites/{site_id}/calendar", response={200: list[SiteDayOut], **ERRORS})
def site_calendar(request: HttpRequest, site_id: int, year: int | None = None):
    """Days off and worked holidays of a year: public holidays of the country/subdivision + local exceptions."""
    site = selectors.site_get_for_user(user=request.user, site_id=site_id)
    year = year or timezone.now().year
    if not 1900 <= year <= 2200:
        raise ApplicationError("year: give a year between 1900 and 2200.", field="year")
    return site_days_off(site, dt.date(year, 1, 1), dt.date(year, 12, 31))


@router.post("/sites/{site_id}/exceptions", response={201: ExceptionOut, **ERRORS})
def set_site_exception(request: HttpRequest, site_id: int, payload: ExceptionIn):
    site = selectors.site_get_for_user(user=request.user, site_id=site_id)
    return Status(201, services.site_exception_set(site=site, by=request.user, **payload.dict()))


@router.delete("/site-exceptions/{exception_id}", response={204: None, **ERRORS})
def remove_site_exception(request: HttpRequest, exception_id: int):
    exception = selectors.site_exception_get_for_user(user=request.user, exception_id=exception_id)
    services.site_exception_remove(exception=exception, by=request.user)
    return Status(204, None)


# --- groups --------------------------------------------------------------------------------------------------
class GroupOut(Schema):
    id: int
    name: str
    business_line_id: int
    site_id: int
    version: int


class GroupIn(Schema):
    business_line_id: int
    site_id: int
    name: str = ""


class GroupPatch(Schema):
    name: str | None = None
    version: int | None = None


@router.get("/groups", response=list[GroupOut])
@paginate(PageNumberPagination)
def list_groups(request: HttpRequest, site_id: int | None = None, business_line_id: int | None = None):
    groups = selectors.groups_visible_to(request.user)
    if site_id:
        groups = groups.filter(site_id=site_id)
    if business_line_id:
        groups = groups.filter(business_line_id=business_line_id)
    return groups.order_by("site__code", "business_line__code")


@router.get("/groups/{group_id}", response={200: GroupOut, **ERRORS})
def get_group(request: HttpRequest, group_id: int):
    return selectors.group_get_for_user(user=request.user, group_id=group_id)


@router.post("/groups", response={201: GroupOut, **ERRORS})
def create_group(request: HttpRequest, payload: GroupIn):
    line = resolve(selectors.org_units_visible_to(request.user), payload.business_line_id,
                   field="business_line_id", label="business line")
    site = resolve(selectors.sites_visible_to(request.user), payload.site_id, field="site_id", label="site")
    return Status(201, services.group_create(by=request.user, business_line=line, site=site, name=payload.name))


@router.patch("/groups/{group_id}", response={200: GroupOut, **ERRORS})
def update_group(request: HttpRequest, group_id: int, payload: GroupPatch):
    group = selectors.group_get_for_user(user=request.user, group_id=group_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return services.group_update(group=group, by=request.user, changes=changes, expected_version=payload.version)


@router.delete("/groups/{group_id}", response={204: None, **ERRORS})
def delete_group(request: HttpRequest, group_id: int):
    services.group_delete(group=selectors.group_get_for_user(user=request.user, group_id=group_id), by=request.user)
    return Status(204, None)


# --- project offices -----------------------------------------------------------------------------------------
class OfficeOut(Schema):
    id: int
    kind: str
    code: str
    name: str
    business_line_id: int | None
    site_ids: list[int]
    version: int

    @staticmethod
    def resolve_site_ids(office: ProjectOffice) -> list[int]:
        return [site.pk for site in office.sites.all()]


class OfficeIn(Schema):
    kind: ProjectOffice.Kind
    code: str
    name: str
    business_line_id: int | None = None
    site_ids: list[int] = []


class OfficePatch(Schema):
    code: str | None = None
    name: str | None = None
    site_ids: list[int] | None = None
    version: int | None = None


def _sites(request: HttpRequest, ids: list[int]) -> list[Site]:
    sites = selectors.sites_visible_to(request.user)
    return [resolve(sites, pk, field="site_ids", label="site") for pk in ids]


@router.get("/offices", response=list[OfficeOut])
@paginate(PageNumberPagination)
def list_offices(request: HttpRequest, kind: ProjectOffice.Kind | None = None):
    offices = selectors.offices_visible_to(request.user)
    return (offices.filter(kind=kind) if kind else offices).order_by("kind", "code")


@router.get("/offices/{office_id}", response={200: OfficeOut, **ERRORS})
def get_office(request: HttpRequest, office_id: int):
    return selectors.office_get_for_user(user=request.user, office_id=office_id)


@router.post("/offices", response={201: OfficeOut, **ERRORS})
def create_office(request: HttpRequest, payload: OfficeIn):
    line = resolve(selectors.org_units_visible_to(request.user), payload.business_line_id,
                   field="business_line_id", label="business line")
    office = services.office_create(by=request.user, company=_company(request), kind=payload.kind,
                                    code=payload.code, name=payload.name, business_line=line,
                                    sites=_sites(request, payload.site_ids))
    return Status(201, office)


@router.patch("/offices/{office_id}", response={200: OfficeOut, **ERRORS})
def update_office(request: HttpRequest, office_id: int, payload: OfficePatch):
    office = selectors.office_get_for_user(user=request.user, office_id=office_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "site_ids"})
    sites = _sites(request, payload.site_ids) if payload.site_ids is not None else None
    return services.office_update(office=office, by=request.user, changes=changes, sites=sites,
                                  expected_version=payload.version)


@router.delete("/offices/{office_id}", response={204: None, **ERRORS})
def delete_office(request: HttpRequest, office_id: int):
    services.office_delete(office=selectors.office_get_for_user(user=request.user, office_id=office_id),
                           by=request.user)
    return Status(204, None)
