"""Benchmarks of the pages users wait on, on a database filled to a realistic size.

Run with `make bench` (SQLite) or `DATABASE_URL=postgres://… make bench` (PostgreSQL). It
creates and drops its own test database. Prints the median and 95th-percentile time and
the query count per page. Sizes: BENCH_CONCERNS (default 1500 concerns in one Infohus).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infohus.settings")

import django  # noqa: E402

django.setup()

from auditlog.context import set_actor  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

CONCERNS = int(os.environ.get("BENCH_CONCERNS", "1500"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


def fill(cast):
    from concerns import services
    from tests.cast import cleared_concern, draft_concern, police_item, share_police_item, submitted_concern

    started = time.perf_counter()
    gathering = []
    with set_actor(cast.municipal_coordinator.user):
        for n in range(CONCERNS):
            person = {"full_name": f"Person {n}", "cpr": f"0101{n % 90 + 10:02d}{4000 + n % 5000:04d}"[:10]}
            kind = n % 5
            if kind == 0:
                draft_concern(cast.municipal_coordinator, person=person)
            elif kind == 1:
                submitted_concern(cast.municipal_coordinator, person=person, concern={"acute_danger": n % 7 == 0})
            else:
                concern = cleared_concern(cast, person=person)
                if kind == 4:
                    concern = services.start_gathering(concern=concern, by=cast.municipal_coordinator)
                    gathering.append(concern)
    with set_actor(cast.police_coordinator.user):
        for concern in gathering[:200]:
            shared = police_item(cast, concern)
            police_item(cast, concern, text="Ikke delt")
            share_police_item(cast, concern, shared)
    return gathering, time.perf_counter() - started


def measure(client, url, method="get", data=None):
    timings, queries = [], 0
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = getattr(client, method)(url, data or {})
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries


def main():
    from auditlog.models import LogEntry

    from tests.cast import build_cast, log_in

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        cast = build_cast()
        gathering, fill_seconds = fill(cast)
        case = gathering[0]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would after a load like this
        municipal, police, auditor = Client(), Client(), Client()
        log_in(municipal, cast.municipal_coordinator)
        log_in(police, cast.police_coordinator)
        log_in(auditor, cast.auditor)
        for concern in gathering[:300]:  # reads fill the log as in real use
            municipal.get(reverse("concerns:gathering", args=[concern.pk]))
        print(
            f"{connection.vendor}: {CONCERNS} concerns, {LogEntry.objects.count()} audit entries, "
            f"filled in {fill_seconds:.0f} s; {ROUNDS} rounds per page\n"
        )
        print(f"{'page':<46}{'median ms':>10}{'p95 ms':>9}{'queries':>9}")
        rows = [
            ("concern list (municipal)", municipal, reverse("concerns:list"), "get", None),
            ("concern list, filtered on state", municipal, reverse("concerns:list"), "get", {"state": "gathering"}),
            ("police queue", police, reverse("concerns:police_queue"), "get", None),
            ("case page", municipal, reverse("concerns:detail", args=[case.pk]), "get", None),
            ("gathering page (municipal)", municipal, reverse("concerns:gathering", args=[case.pk]), "get", None),
            (
                "auditor: search by case number",
                auditor,
                reverse("audit_log"),
                "post",
                {"case_number": case.case_number},
            ),
            ("auditor: search by person name", auditor, reverse("audit_log"), "post", {"person": "Person 12"}),
            ("auditor: all reads (first 500 shown)", auditor, reverse("audit_log"), "post", {"action": "access"}),
        ]
        for label, client, url, method, data in rows:
            median, p95, queries = measure(client, url, method, data)
            print(f"{label:<46}{median:>10.1f}{p95:>9.1f}{queries:>9}")
    finally:
        from infohus import audit_guard

        audit_guard.remove(connection)  # the throwaway database may now be dropped
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
