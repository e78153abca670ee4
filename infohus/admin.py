"""The technical admin site: organisations and users only. No case model is registered,
so case content is never reachable here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from infohus.models import Authority, Infohus, Membership, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "title"]}),
        ("Status", {"fields": ["is_active", "is_staff", "is_superuser"]}),
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
