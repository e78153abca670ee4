"""Deletion deadlines: `manage.py retention` lists what is due, anonymises it with --apply,
logs what it did, does nothing twice, removes attachment files, and never touches the
append-only audit log (it prints the database owner's step instead)."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from assessment import services as meeting_services
from audit import retention
from audit.models import RefusedLookup, RetentionAction
from concerns import services
from concerns.models import Concern, InformationItem, PoliceCheck
from tests.cast import gathering_concern, meeting_item, municipal_item, pdf_upload, submitted_concern

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def run(*args) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def files_on_disk() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "attachments"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def not_extremism(cast):
    concern = submitted_concern(cast.municipal_coordinator)
    with set_actor(cast.police_coordinator.user):
        services.decide_police_check(
            concern=concern,
            by=cast.police_coordinator,
            outcome=PoliceCheck.Outcome.NOT_EXTREMISM,
            reason="Drengestreger.",
        )
    return Concern.objects.get(pk=concern.pk)


def test_a_concern_found_not_extremism_is_kept_for_six_months_then_anonymised(cast, not_extremism):
    with time_machine.travel(timezone.now() + 182 * DAY):
        assert "Nothing is past its deadline" in run()
    with time_machine.travel(timezone.now() + 184 * DAY):
        listed = run()
        assert "concern_not_extremism" in listed and not_extremism.case_number in listed
        assert "Mikkel" not in listed and "1509094123" not in listed  # cron mails the output
        assert Concern.objects.get(pk=not_extremism.pk).person.cpr == "1509094123"  # a dry run changes nothing

        run("--apply")

    concern = Concern.objects.select_related("person", "police_check").get(pk=not_extremism.pk)
    assert (concern.person.full_name, concern.person.cpr, concern.person.birth_date) == ("", "", None)
    assert concern.description == concern.reporter_name == ""
    assert concern.police_check.reason == ""
    assert concern.case_number == not_extremism.case_number  # the skeleton stays
    assert concern.state == "not_extremism"


def test_it_logs_what_it_did_where_both_officers_see_it(cast, not_extremism):
    from audit.selectors import entries_visible_to_auditor

    with time_machine.travel(timezone.now() + 184 * DAY):
        run("--apply")

    action = RetentionAction.objects.get()
    assert (action.kind, action.action, action.case_number) == (
        "concern_not_extremism",
        "anonymised",
        not_extremism.case_number,
    )
    entries = entries_visible_to_auditor(cast.auditor).filter(content_type__model="retentionaction")
    assert entries.count() == 1
    assert entries.get().additional_data["recipient_authority_id"] == cast.police.pk  # the police held it too


def test_a_second_run_does_nothing(cast, not_extremism):
    with time_machine.travel(timezone.now() + 200 * DAY):
        run("--apply")
        entries = LogEntry.objects.count()

        assert "Nothing is past its deadline" in run("--apply")
        assert RetentionAction.objects.count() == 1
        assert LogEntry.objects.count() == entries


def test_the_anonymisation_writes_no_old_value_into_the_log(cast, not_extremism):
    with time_machine.travel(timezone.now() + 184 * DAY):
        before = LogEntry.objects.count()
        run("--apply")

    new_entries = LogEntry.objects.order_by("pk")[before:]
    assert all("Mikkel" not in str(entry.changes) for entry in new_entries)
    assert len(new_entries) == 1  # the RetentionAction's creation only


def test_a_closed_concern_is_kept_for_five_years(cast):
    from tests.cast import recommended_concern

    concern = recommended_concern(cast)
    recommendation = concern.assessments.get().versions.get().recommendations.get()
    meeting_services.acknowledge(recommendation=recommendation, by=cast.caseworker)
    meeting_services.close_concern(concern=concern, by=cast.caseworker, reason="Indsatsen er gennemført")

    with time_machine.travel(timezone.now() + 4 * 365 * DAY):
        assert "concern_closed" not in run()
    with time_machine.travel(timezone.now() + (5 * 365 + 1) * DAY):
        assert "concern_closed" in run()
        run("--apply")

    concern.refresh_from_db()
    assert concern.person.full_name == ""
    assert concern.assessments.get().versions.get().conclusion == ""
    assert concern.assessments.get().versions.get().recommendations.get().details == ""


def test_an_attachment_goes_from_the_disk_a_year_after_the_case_ended(cast):
    concern = gathering_concern(cast)
    item = municipal_item(cast, concern, attachment=True)
    assert len(files_on_disk()) == 1
    meeting_services.withdraw_from_infohus(
        concern=concern, by=cast.police_coordinator, reason="Sikkerhedssag", social_duty_needed=False
    )

    with time_machine.travel(timezone.now() + 300 * DAY):
        run("--apply")
        assert len(files_on_disk()) == 1
    with self_commit():
        with time_machine.travel(timezone.now() + 366 * DAY):
            run("--apply")

    item = InformationItem.objects.get(pk=item.pk)
    assert item.attachment.name == "" and item.attachment_name == ""
    assert item.text == "Skolen oplyser stigende fravær."  # only the file's deadline passed
    assert files_on_disk() == []
    assert RetentionAction.objects.get().action == "file_deleted"


def self_commit():
    """Run on_commit callbacks of the block as if it committed (the test's transaction never does)."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_a_file_of_a_failed_save_does_not_stay_on_disk(cast):
    concern = gathering_concern(cast)

    # No date for a NOT NULL column: the INSERT fails after the file was written (any database).
    with pytest.raises(IntegrityError):
        services.add_information_item(
            concern=concern,
            by=cast.municipal_coordinator,
            source="education",
            source_name="Hundested Skole",
            text="Skolen oplyser stigende fravær.",
            information_date=None,
            attachment=pdf_upload(),
        )

    assert not InformationItem.objects.exists()
    assert files_on_disk() == []


def test_a_file_of_an_outer_rolled_back_transaction_is_removed_by_the_retention_run(cast):
    concern = gathering_concern(cast)
    with transaction.atomic():
        municipal_item(cast, concern, attachment=True)
        transaction.set_rollback(True)
    assert not InformationItem.objects.exists()
    assert len(files_on_disk()) == 1

    assert "orphan_file" not in run()  # within the grace period: its transaction may still be running
    with time_machine.travel(timezone.now() + 2 * DAY):
        assert "orphan_file" in run()
        run("--apply")
    assert files_on_disk() == []


def test_refused_lookups_go_after_ninety_days(cast):
    RefusedLookup.objects.create(user=cast.admin.user, path="/bekymringer/1/", url_name="concerns:detail")

    with time_machine.travel(timezone.now() + 91 * DAY):
        run("--apply")

    assert not RefusedLookup.objects.exists()


def test_meeting_minutes_go_five_years_after_the_meeting(cast):
    item = meeting_item(cast, invite=())
    meeting_services.write_minutes(meeting=item.meeting, by=cast.municipal_coordinator, minutes="Drøftet Mikkel.")
    meeting_services.close_meeting(meeting=item.meeting, by=cast.municipal_coordinator)

    with time_machine.travel(timezone.now() + (5 * 365 + 1) * DAY):
        run("--apply")

    item.meeting.refresh_from_db()
    assert item.meeting.minutes == ""


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="the owner's step is PostgreSQL SQL; CI runs it"
)
def test_it_never_deletes_audit_entries_and_prints_the_owners_step(cast, not_extremism):
    entries = LogEntry.objects.count()
    with time_machine.travel(timezone.now() + (5 * 365 + 1) * DAY):
        young = submitted_concern(cast.municipal_coordinator)  # written after the deadline's cutoff
        output = run("--apply")
        assert "audit log:" in output and "past their deadline" in output
        assert "DISABLE TRIGGER" in output
        assert retention.audit_entries_due() == entries
        step = retention.audit_log_step()
        cutoff = retention.audit_log_cutoff()

    assert LogEntry.objects.count() > entries  # nothing deleted by the command
    # The database owner's step (the test runs as the owner) removes only entries past the deadline.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own inserts are still pending
        for statement in step.splitlines():
            if statement not in ("BEGIN;", "COMMIT;"):
                cursor.execute(statement)
    assert LogEntry.objects.filter(additional_data__case_number=young.case_number).exists()
    assert not LogEntry.objects.filter(timestamp__lt=cutoff).exists()
    assert LogEntry.objects.filter(content_type__model="retentionaction").exists()  # written after the cutoff
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        LogEntry.objects.all().delete()  # the trigger is on again
