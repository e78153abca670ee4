"""ASGI entry point: HTTP through Django, WebSocket (live scoring) through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infohus.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from infohus.middleware import MembershipScopeMiddleware  # noqa: E402

websocket_urlpatterns = []  # live scoring (Redskab 3) adds its routes here

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # scope["membership"]: the same active membership as the session's pages.
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(MembershipScopeMiddleware(URLRouter(websocket_urlpatterns)))
        ),
    }
)
