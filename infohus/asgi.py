"""ASGI entry point: HTTP through Django, WebSocket (live scoring) through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infohus.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from assessment.routing import websocket_urlpatterns  # noqa: E402  the entry point sits on top
from infohus.middleware import MembershipScopeMiddleware  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # scope["membership"]: the same active membership as the session's pages.
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(MembershipScopeMiddleware(URLRouter(websocket_urlpatterns)))
        ),
    }
)
