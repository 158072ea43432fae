"""Django admin for data administrators: lists are scoped like every page; saves go through the services."""

from __future__ import annotations

from django.contrib import admin, messages

from projectoffice.access import scope_of
from projectoffice.core.errors import ApplicationError
from projectoffice.organization import services
from projectoffice.organization.models import (
    Company,
    Group,
    OrgUnit,
    ProjectOffice,
    Site,
    SiteCalendarException,
)


class ScopedAdmin(admin.ModelAdmin):
    """Shows only rows in the user's scope (the same gate as the pages and the API)."""

    scope_queryset = "org_units"

    def get_queryset(self, request):
        return getattr(scope_of(request.user), self.scope_queryset)()


@admin.register(Company)
class CompanyAdmin(ScopedAdmin):
    scope_queryset = "companies"
    list_display = ("code", "name", "reporting_currency")


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name")


class SiteExceptionInline(admin.TabularInline):
    model = SiteCalendarException
    extra = 0


@admin.register(Site)
class SiteAdmin(ScopedAdmin):
    scope_queryset = "sites"
    list_display = ("code", "name", "country", "time_zone", "currency")
    list_filter = ("country",)
    search_fields = ("code", "name", "city")
    readonly_fields = ("version",)
    inlines = [SiteExceptionInline]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in services.SITE_FIELDS}
        try:
            if change:
                fresh = Site.objects.get(pk=obj.pk)
                services.site_update(site=fresh, by=request.user, changes=data)
            else:
                fields = {n: form.cleaned_data[n] for n in services.SITE_FIELDS if n in form.cleaned_data}
                obj.pk = services.site_create(by=request.user, company=obj.company, **fields).pk
        except ApplicationError as exc:
            messages.error(request, exc.message)


@admin.register(Group)
class GroupAdmin(ScopedAdmin):
    scope_queryset = "groups"
    list_display = ("name", "business_line", "site")
    list_filter = ("site",)


@admin.register(ProjectOffice)
class ProjectOfficeAdmin(ScopedAdmin):
    scope_queryset = "offices"
    list_display = ("code", "name", "kind", "business_line")
    list_filter = ("kind",)
