def active_membership(request):
    return {"membership": getattr(request, "membership", None)}
