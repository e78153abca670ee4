"""The technical admin site: organisations and users only. No case model is registered,
and auditlog's own log-entry admin is removed (its entries carry case data), so case
content is never reachable here."""

from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from infohus.memberships import sync_groups
from infohus.models import Authority, Infohus, Membership, User

admin.site.unregister(LogEntry)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "title"]}),
        ("Status", {"fields": ["is_active", "is_staff"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    filter_horizontal = []
    list_filter = ["is_active", "is_staff"]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the audit log keeps its actors


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality_code"]
    list_filter = ["kind"]


@admin.register(Infohus)
class InfohusAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "police_district"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "infohus", "role", "authority", "is_active"]
    list_filter = ["infohus", "role", "is_active"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        sync_groups(obj)  # object permissions follow the membership, as in grant_membership

    def has_delete_permission(self, request, obj=None):
        return False  # end a membership by deactivating it
