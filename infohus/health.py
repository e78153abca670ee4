"""`/healthz` for the load balancer: is this worker able to serve pages?

Public (no login, no second factor), so the balancer can ask without a session; it writes
no session, no audit entry and shows no personal data. It costs one SQL query (`SELECT 1`)
and, when REDIS_URL is set, one Redis PING. 200 `ok` when both answer; 503 naming which
did not (the error itself only goes to the server log, by its class name).
"""

import logging
from functools import lru_cache

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# A health check must answer quickly even when Redis hangs: the balancer's own timeout is
# typically a few seconds.
REDIS_TIMEOUT_SECONDS = 1


@lru_cache(maxsize=4)
def _redis_client(url: str) -> redis.Redis:
    """One client (and connection pool) per URL for the life of the worker."""
    return redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("healthz: the database did not answer (%s)", type(error).__name__)
        return False
    return True


def _redis_answers() -> bool:
    if not settings.REDIS_URL:
        return True
    try:
        _redis_client(settings.REDIS_URL).ping()
    except redis.RedisError as error:
        logger.warning("healthz: Redis did not answer (%s)", type(error).__name__)
        return False
    return True


@login_not_required
@require_safe
def healthz(request):
    failed = [name for name, answers in (("database", _database_answers()), ("redis", _redis_answers())) if not answers]
    if failed:
        response = HttpResponse(f"unavailable: {', '.join(failed)}\n", status=503, content_type="text/plain")
    else:
        response = HttpResponse("ok\n", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response
