from django.contrib import admin

from projectoffice.portfolio.models import BusinessDriver, Proposal, Scenario, StrategicObjective
from projectoffice.portfolio.selectors import lines_visible_to


class LineScopedAdmin(admin.ModelAdmin):
    """Rows of the lines whose portfolio the user sees (the same gate as the pages)."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(business_line__in=lines_visible_to(request.user))


@admin.register(Proposal)
class ProposalAdmin(LineScopedAdmin):
    list_display = ("code", "name", "business_line", "state", "score", "npv")
    list_filter = ("state", "business_line")
    search_fields = ("code", "name")
    readonly_fields = ("npv", "irr", "payback_years", "total_cost", "score", "project", "version")


@admin.register(Scenario)
class ScenarioAdmin(LineScopedAdmin):
    list_display = ("name", "business_line", "status", "decision", "created_at")
    readonly_fields = ("result", "frontier", "status", "job", "decision", "decided_by", "decided_on", "version")


admin.site.register(StrategicObjective, LineScopedAdmin)
admin.site.register(BusinessDriver, LineScopedAdmin)
