"""How long a score change takes to reach the other participants of a meeting.

Through a real ASGI server (daphne, as in production) on loopback: one coordinator sets an
agreed score over the WebSocket; N other participants are connected; the time from the
send to the arrival of the change at each of them is measured. With the in-memory channel
layer (one worker), and with Redis (two workers, the participants split over them).

Run with `make bench-live` or `DATABASE_URL=postgres://… .venv/bin/python bench/live_scoring.py`.
Sizes: BENCH_PARTICIPANTS (default "5,15,30"), BENCH_CHANGES (default 20 per size),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/8).
"""

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infohus.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_PARTICIPANTS", "5,15,30").split(",")]
CHANGES = int(os.environ.get("BENCH_CHANGES", "20"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")


def scene(participants: int):
    """A meeting with one concern; a coordinator and `participants` others invited, all in."""
    from assessment import services as meetings
    from infohus.memberships import grant_membership
    from infohus.models import Role, User
    from tests.cast import build_cast, confirmed, log_in, meeting_item

    cast = build_cast()
    item = meeting_item(cast, invite=())
    confirmed(cast, item, "police_coordinator")
    others = []
    for n in range(participants):
        user = User.objects.create_user(f"deltager{n}@bench.dk", None, full_name=f"Deltager {n}")
        member = grant_membership(user=user, infohus=cast.halsnaes, role=Role.PARTICIPANT, authority=cast.psychiatry)
        meetings.invite_external(
            meeting=item.meeting,
            by=cast.municipal_coordinator,
            email=user.email,
            full_name=user.full_name,
            authority=cast.psychiatry,
        )
        meetings.confirm_confidentiality(meeting=item.meeting, by=member)
        others.append(member)

    def cookie(member):
        client = log_in(Client(), member)
        return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    return item, cookie(cast.police_coordinator), [cookie(m) for m in others]


async def measure(item, sender_cookie, cookies, bases) -> list[float]:
    path = f"/ws/moeder/{item.meeting_id}/punkter/{item.pk}/"

    def url(base):
        return "ws://" + urlparse(base).netloc + path

    async def drain_until(socket, text):
        while True:
            if text in await socket.recv():
                return time.perf_counter()

    listeners = []
    for n, cookie in enumerate(cookies):
        base = bases[n % len(bases)]
        listeners.append(await connect(url(base), additional_headers={"Cookie": cookie, "Origin": base}))
    sender = await connect(url(bases[0]), additional_headers={"Cookie": sender_cookie, "Origin": bases[0]})
    for socket in [*listeners, sender]:
        await drain_until(socket, "dimension-9")
    await asyncio.sleep(1)  # presence announcements of the joins settle
    for socket in [*listeners, sender]:
        while True:
            try:
                await asyncio.wait_for(socket.recv(), 0.2)
            except TimeoutError:
                break
    latencies = []
    for version in range(CHANGES):
        token = f"runde-{version}-{time.time_ns()}"
        waiting = [asyncio.create_task(drain_until(socket, token)) for socket in listeners]
        started = time.perf_counter()
        await sender.send(
            json.dumps(
                {
                    "action": "agreed",
                    "item": str(item.pk),
                    "dimension": "2",
                    "d2-dimension": "2",
                    "d2-version": str(version),
                    "d2-score": str(version % 5),
                    "d2-justification": token,
                }
            )
        )
        arrivals = await asyncio.wait_for(asyncio.gather(*waiting), 30)
        latencies += [(arrival - started) * 1000 for arrival in arrivals]
        await drain_until(sender, token)
    for socket in [*listeners, sender]:
        await socket.close()
    return latencies


def main():
    import redis

    from tests.asgi_server import asgi_server

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(
        f"{connection.vendor}; {CHANGES} score changes per size; ms from the send to the arrival at each participant\n"
    )
    print(f"{'layer':<28}{'participants':>13}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    try:
        for layer, redis_url, workers in (("in-memory, 1 worker", "", 1), ("Redis, 2 workers", REDIS_URL, 2)):
            for size in SIZES:
                if redis_url:
                    redis.Redis.from_url(redis_url).flushdb()
                from django.core.management import call_command

                from infohus import audit_guard

                audit_guard.remove(connection)  # a fresh meeting per size: empty the throwaway database
                call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=False)
                audit_guard.install(connection)
                item, sender, cookies = scene(size)
                servers = [asgi_server(redis_url=redis_url, static=False) for _ in range(workers)]
                bases = [server.__enter__() for server in servers]
                try:
                    latencies = sorted(asyncio.run(measure(item, sender, cookies, bases)))
                finally:
                    for server in servers:
                        server.__exit__(None, None, None)
                p95 = latencies[int(len(latencies) * 0.95) - 1]
                print(f"{layer:<28}{size:>13}{statistics.median(latencies):>9.1f}{p95:>9.1f}{latencies[-1]:>9.1f}")
    finally:
        from infohus import audit_guard

        audit_guard.remove(connection)
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
