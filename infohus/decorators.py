from functools import wraps

from django.http import Http404


def role_required(roles):
    """Let only memberships with one of `roles` in. Others get 404: a page a role cannot
    use is not advertised (auditor and admin never reach case content)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None or membership.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
