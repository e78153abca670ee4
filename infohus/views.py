from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concerns import selectors as concern_selectors
from concerns.models import State
from infohus.access_log import record_reads
from infohus.forms import DesignSystemMixin
from infohus.memberships import active_memberships
from infohus.middleware import SESSION_KEY
from infohus.models import CASE_ROLES, Role


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
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "type": "email"})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


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


def home(request):
    membership = request.membership
    context = {}
    if membership.role in CASE_ROLES:
        visible = concern_selectors.concerns_visible_to(membership)
        context["drafts"] = list(
            visible.filter(state=State.DRAFT, created_by=request.user).order_by("-created_at")[:10]
        )
        context["recent"] = list(visible.exclude(state=State.DRAFT).order_by("-updated_at")[:10])
        if membership.role == Role.POLICE_COORDINATOR:
            context["queue"] = list(concern_selectors.police_queue(membership)[:10])
        record_reads({c.pk: c for key in ("drafts", "recent", "queue") for c in context.get(key, [])}.values())
    return render(request, "infohus/home.html", context)


def members(request):
    """The Infohus's users and roles, for the administrator: no case content."""
    if request.membership.role != Role.ADMIN:
        raise Http404
    memberships = (
        request.membership.infohus.memberships.filter(is_active=True)
        .select_related("user", "authority")
        .order_by("authority__name", "role", "user__full_name")
    )
    return render(request, "infohus/members.html", {"memberships": memberships})
