from django.contrib import admin

from projectoffice.core.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "target_repr")
    list_filter = ("action",)
    search_fields = ("target_repr", "action")
    readonly_fields = [f.name for f in AuditRecord._meta.fields]

    def has_add_permission(self, request):  # the trail is written by services only
        return False

    def has_change_permission(self, request, obj=None):
        return False
