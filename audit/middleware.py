"""Notice case URLs answered "not found": the data-protection officer should see someone
trying ids. It only watches the answer; it never changes it."""

from audit import services

# The apps whose URLs open a case, a meeting or a recommendation by id.
CASE_NAMESPACES = {"concerns", "assessment"}


def is_case_lookup(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(
        match is not None
        and match.namespace in CASE_NAMESPACES
        and any(name == "pk" or name.endswith("_pk") for name in match.kwargs)
    )


class RefusedLookupMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.user.is_authenticated and is_case_lookup(request):
            services.record_refused_lookup(
                user=request.user,
                membership=getattr(request, "membership", None),
                path=request.path,
                url_name=request.resolver_match.view_name,
            )
        return response
