"""Start the test provider: `python -m tests.oidc_provider.serve` with OP_CONFIG (JSON: port,
client_id, client_secret, redirect_uri, users) and the variables settings.py reads. Prints
"ready" when it answers."""

import json
import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    config = json.loads(os.environ["OP_CONFIG"])
    call_command("migrate", verbosity=0)
    Application.objects.create(
        name="Infohus",
        client_id=config["client_id"],
        client_secret=config["client_secret"],  # hashed on save
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=config["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for account in config["users"]:
        User.objects.create_user(
            account["username"], account["email"], account["password"], first_name=account.get("first_name", "")
        )
    server = make_server(
        "127.0.0.1", config["port"], get_wsgi_application(), server_class=ThreadingServer, handler_class=QuietHandler
    )
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
