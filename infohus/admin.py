"""The technical admin site: organisations and users only. No case model is registered,
and auditlog's own log-entry admin is removed (its entries carry case data), so case
content is never reachable here."""

from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from infohus import account_changes, role_approval
from infohus.errors import NotPermitted
from infohus.models import Authority, Infohus, Membership, User

admin.site.unregister(LogEntry)
# Nor the second factor's devices: they hold the TOTP keys and recovery codes in clear. An
# Infohus administrator resets a user's second factor on the users page, which logs it.
for otp_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(otp_model):
        admin.site.unregister(otp_model)


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

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.pk == request.user.pk:
            return ["is_active", "is_staff"]  # nobody widens (or keeps) their own access alone
        return []

    def user_change_password(self, request, id, form_url=""):
        # Setting a password lets the administrator log in as that person (account_changes).
        user = get_object_or_404(User, pk=id)
        refusal = account_changes.password_refusal(user=user, by=request.user)
        if refusal:
            messages.error(request, refusal)
            return redirect("admin:infohus_user_change", user.pk)
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            account_changes.record_password_change(user=user, by=request.user)
        return response


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality_code"]
    list_filter = ["kind"]


@admin.register(Infohus)
class InfohusAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "police_district"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "infohus", "role", "authority", "is_active", "awaiting_approval", "requested_by"]
    list_filter = ["infohus", "role", "is_active", "awaiting_approval"]
    readonly_fields = ["awaiting_approval", "requested_by", "requested_at", "approved_by", "approved_at"]
    actions = ["approve"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.user_id == request.user.pk:
            return False  # own roles: ask another administrator (role_approval)
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Object permissions follow the membership, as in grant_membership; a role reading
        # case content (or one's own) waits for a second administrator.
        try:
            role_approval.save_membership(membership=obj, by=request.user)
        except NotPermitted as error:
            raise PermissionDenied(str(error.message)) from error
        if obj.awaiting_approval:
            messages.warning(
                request, _("The role is not active yet: another administrator must approve it (action: Approve).")
            )

    @admin.action(description=gettext_lazy("Approve the selected roles"), permissions=["change"])
    def approve(self, request, queryset):
        for membership in queryset:
            try:
                role_approval.approve_membership(membership=membership, by=request.user)
            except NotPermitted as error:
                self.message_user(request, f"{membership}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("Approved: %(membership)s") % {"membership": membership})

    def has_delete_permission(self, request, obj=None):
        return False  # end a membership by deactivating it
