from functools import wraps

from django.http import Http404

from infohus import policy


def requires(action: str):
    """Let in only a membership whose role the policy allows `action`. Others get 404: a
    page a role cannot use is not advertised (auditor and admin never reach case content).

    Whether the action is allowed on the object, now, is the checked getter's and the
    service's to decide, by the same policy.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not policy.role_may(getattr(request, "membership", None), action):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.policy_action = action  # read by the test that holds the policy against the matrix
        return wrapped

    return decorator
