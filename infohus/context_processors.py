from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infohus import policy

# The main menu, on the desktop and in the mobile drawer alike: URL name, the action the
# active role must be allowed (None: every role), label. A role sees only what it may use.
MAIN_MENU = [
    ("home", None, _("Overview")),
    ("concerns:list", "concern.list", _("Concerns")),
    ("concerns:police_queue", "police_check.queue", _("Police check")),
    ("concerns:create", "concern.record", _("Record a concern")),
    ("assessment:list", "meeting.list", _("Meetings")),
    ("statistics", "statistics.read", _("Statistics")),
    ("audit_log", "audit.read_log", _("Audit log")),
    ("audit_exchanges", "audit.read_log", _("Section 115 exchanges")),
    ("audit_access_request", "audit.access_request", _("Access requests")),
    ("members", "members.read", _("Users")),
]


def active_membership(request):
    """The membership the user works in, what its role may do (pages ask `role_may`), and
    the main menu built from it."""
    membership = getattr(request, "membership", None)
    role_may = policy.role_actions(membership)
    return {
        "membership": membership,
        "membership_count": getattr(request, "membership_count", 0),
        "role_may": role_may,
        "main_menu": main_menu(request.path, membership, role_may),
    }


def main_menu(path: str, membership, role_may) -> list[dict]:
    if membership is None:
        return []
    entries = []
    for url_name, action, label in MAIN_MENU:
        if action is not None and action not in role_may:
            continue
        url = reverse(url_name)
        entries.append({"url": url, "label": label, "current": path == url})
    return entries
