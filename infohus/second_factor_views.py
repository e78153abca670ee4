"""The second-factor step after the password, setting up an authenticator at the first
login, and the administrator's reset. The rules are in `infohus.second_factor`."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login

from infohus import second_factor
from infohus.decorators import requires
from infohus.errors import UserError
from infohus.forms import DesignSystemMixin
from infohus.middleware import show_user_error
from infohus.models import Membership


class CodeForm(DesignSystemMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        error_messages={"required": gettext_lazy("Type the code.")},
    )

    def __init__(self, *args, hint="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint
        self.fields["code"].widget.attrs.update(
            autocomplete="one-time-code", autocapitalize="none", spellcheck="false", autofocus=True
        )


def _next_page(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return "home"


def second_factor_step(request):
    """The step after the password: a code from the app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_page(request))
    if not _has_app(request):
        return redirect(_with_next("enrol_second_factor", request))
    hint = _("The six digits your authenticator app shows for Infohus, or one of your recovery codes.")
    form = CodeForm(request.POST or None, hint=hint)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor.verify_second_factor(user=request.user, code=form.cleaned_data["code"])
        except UserError as error:
            form.add_error("code", str(error.message))
        else:
            request.session.cycle_key()  # a new session id once fully logged in
            otp_login(request, device)
            return redirect(_next_page(request))
    return render(request, "infohus/second_factor.html", {"form": form, "next": _next_page_value(request)})


def enrol_step(request):
    """Set up the authenticator at the first login: scan, type a code, keep the recovery codes."""
    if request.user.is_verified():
        return redirect(_next_page(request))
    if _has_app(request):
        return redirect(_with_next("second_factor", request))
    device = second_factor.start_enrolment(user=request.user)
    form = CodeForm(request.POST or None, hint=_("The six digits the app shows for Infohus now."))
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = second_factor.confirm_enrolment(user=request.user, code=form.cleaned_data["code"])
        except UserError as error:
            form.add_error("code", str(error.message))
        else:
            request.session.cycle_key()
            otp_login(request, device)
            # Shown in this answer only: the page cannot be opened again.
            return render(request, "infohus/recovery_codes.html", {"codes": codes, "next": _next_page_value(request)})
    return render(
        request,
        "infohus/enrol_second_factor.html",
        {
            "form": form,
            "qr_code": second_factor.qr_code_svg(device),
            "secret": second_factor.secret_in_groups(device),
            "next": _next_page_value(request),
        },
    )


def _has_app(request) -> bool:
    return second_factor.has_second_factor(request.user)


def _next_page_value(request) -> str:
    page = _next_page(request)
    return "" if page == "home" else page


def _with_next(url_name: str, request) -> str:
    page = _next_page_value(request)
    return reverse(url_name) + (f"?{urlencode({'next': page})}" if page else "")


def get_member_or_404(by: Membership, pk: int) -> Membership:
    """A user's active membership in the administrator's own Infohus; any other is 404."""
    return get_object_or_404(
        Membership.objects.select_related("user", "infohus"), pk=pk, infohus_id=by.infohus_id, is_active=True
    )


@requires("members.reset_second_factor")
def reset_second_factor(request, pk):
    member = get_member_or_404(request.membership, pk)
    if request.method == "POST":
        try:
            second_factor.reset_second_factor(member=member, by=request.membership)
        except UserError as error:
            show_user_error(request, error)
        else:
            messages.success(
                request,
                _("The second factor of %(name)s was reset. They set it up again at their next login.")
                % {"name": member.user.full_name},
            )
        return redirect("members")
    if member.user_id == request.user.pk:
        messages.error(request, _("You cannot reset your own second factor. Ask another administrator of the Infohus."))
        return redirect("members")
    return render(request, "infohus/confirm_reset_second_factor.html", {"member": member})
