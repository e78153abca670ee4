from infohus import policy


def active_membership(request):
    """The membership the user works in, and what its role may do (menus ask `role_may`)."""
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "membership_count": getattr(request, "membership_count", 0),
        "role_may": policy.role_actions(membership),
    }
