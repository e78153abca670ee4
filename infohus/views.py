"""Login, choosing the role to work in, and the administrator's user list. The start page
and the case pages belong to the apps above; this is the floor."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infohus.decorators import requires
from infohus.forms import DesignSystemMixin
from infohus.memberships import SESSION_KEY, active_memberships
from infohus.second_factor import mark_authenticated_now, second_factor_set_up


class LoginForm(DesignSystemMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy(
            "The e-mail address or password is wrong. After repeated failed attempts, logins "
            "from your address are blocked for a while."
        ),
        "inactive": gettext_lazy("This account is not active."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = gettext_lazy("E-mail")
        # The widget's own type, not a second `type` attribute: phones then show the e-mail keyboard.
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The absolute session lifetime counts from here (infohus/login_guard.py).
        mark_authenticated_now(self.request.session)
        return response


def select_membership(request):
    memberships = list(active_memberships(request.user))
    if request.method == "POST":
        chosen = next((m for m in memberships if str(m.pk) == request.POST.get("membership")), None)
        if chosen is None:
            messages.error(request, _("Choose one of your roles."))
        else:
            request.session[SESSION_KEY] = chosen.pk
            return redirect("home")
    return render(request, "infohus/select_membership.html", {"memberships": memberships})


@requires("members.read")
def members(request):
    """The Infohus's users and roles, for the administrator: no case content."""
    memberships = (
        request.membership.infohus.memberships.filter(is_active=True)
        .select_related("user", "authority")
        .annotate(has_second_factor=second_factor_set_up())
        .order_by("authority__name", "role", "user__full_name")
    )
    return render(request, "infohus/members.html", {"memberships": memberships})
