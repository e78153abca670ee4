"""An ASGI server in a process of its own, on the test database: what live scoring needs
(pytest-django's live server is WSGI and cannot serve a WebSocket)."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """The test database, as a DATABASE_URL the server process reads."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


@contextmanager
def asgi_server(*, redis_url: str = "", static: bool = True):
    """Start a server on a free loopback port; yield its base URL; stop it.

    With `static`, Django's runserver (daphne's, ASGI) so the page gets its JavaScript;
    without, plain daphne as in production.
    """
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "infohus.settings",
        "DATABASE_URL": test_database_url(),
        "DEBUG": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": redis_url,
        "PYTHONUNBUFFERED": "1",
    }
    if static:
        command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"]
    else:
        command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "infohus.asgi:application"]
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / f"asgi-server-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urlopen(f"{base}/log-ind/", timeout=1)  # noqa: S310 – loopback only
                break
            except (URLError, ConnectionError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the ASGI server did not start: see var/asgi-server-{port}.log") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def passwords_for_the_server(*users, password: str) -> None:
    """The tests hash passwords with a fast hasher the server process does not know;
    re-hash the users who log in there with the production default."""
    from django.contrib.auth.hashers import make_password
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        for user in users:
            user.password = make_password(password)
            user.save(update_fields=["password"])
