from __future__ import annotations

from django.contrib import admin

from projectoffice.access import scope_of
from projectoffice.people.models import ApiToken, Certification, Person, PersonSkill, RoleAssignment, Skill


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "person"
    extra = 0
    raw_id_fields = ("company", "business_unit", "office", "group")


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("__str__", "job_title", "home_site", "group")
    list_filter = ("home_site",)
    search_fields = ("user__first_name", "user__last_name", "user__username", "job_title")
    inlines = [RoleInline, CertificationInline]
    raw_id_fields = ("user", "line_manager")

    def get_queryset(self, request):
        return scope_of(request.user).people().select_related("user", "home_site", "group")


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category")
    search_fields = ("code", "name")


@admin.register(PersonSkill)
class PersonSkillAdmin(admin.ModelAdmin):
    list_display = ("person", "skill", "level")

    def get_queryset(self, request):
        return PersonSkill.objects.filter(scope_of(request.user).people_q("person")).select_related("person__user", "skill")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix", "created_at", "last_used_at")

    def get_queryset(self, request):
        return ApiToken.objects.filter(user=request.user) if not request.user.is_superuser else ApiToken.objects.all()
