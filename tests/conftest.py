import pytest

from tests.cast import build_cast

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _audit_log_append_only(request, django_db_blocker):
    """Keep the append-only triggers on during every test, and lift them only for the
    flush that ends a transactional test (the flush empties every table, audit log too)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not DB_FIXTURES & set(request.fixturenames):
        yield
        return
    from django.db import connection

    from infohus import audit_guard

    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        audit_guard.install(connection)
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    request.getfixturevalue("_django_db_helper")  # set up after this, torn down before
    yield
    if transactional:
        with django_db_blocker.unblock():
            audit_guard.remove(connection)


@pytest.fixture
def cast(db):
    return build_cast()
