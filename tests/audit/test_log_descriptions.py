"""The log reads in Danish, describes each entry from metadata only, and never shows a
person's name, an item's text or a raw field name, on the page or in the export."""

import csv
import io

import pytest
from auditlog.context import set_actor
from django.urls import reverse
from django.utils import timezone

from audit import labels
from concerns import services
from concerns.models import Exchange, ExchangeItem, InformationItem
from infohus.access_log import record_access
from tests.audit.log_page import SECRET, results
from tests.cast import draft_concern, log_in

pytestmark = pytest.mark.django_db

ENGLISH_OR_RAW = [
    "Exchange item",
    "exchange item",
    "information item",
    "Information item",
    "snapshot_",
    "sha256",
    "legal_basis",
    "shared_by",
    "received_at",
]


def test_entries_are_described_in_danish(shared_case, search):
    concern, item, exchange = shared_case
    rows = results(search(case_number=concern.case_number))
    assert f"Læste oplysning {concern.case_number}" in rows
    assert "Delte 1 oplysning med Halsnæs Kommune (retsplejelovens § 115, stk. 1, nr. 1)" in rows
    assert "Oprettede anmodning om oplysninger" in rows
    assert "Ændrede anmodning om oplysninger: svar modtaget" in rows
    assert "Ændrede bekymring: status" in rows


def test_no_raw_field_names_english_model_names_or_ids_are_shown(shared_case, search):
    concern, item, exchange = shared_case
    rows = results(search(case_number=concern.case_number))
    for raw in ENGLISH_OR_RAW:
        assert raw not in rows
    assert f"#{item.pk}" not in rows and f"#{exchange.pk}" not in rows


def test_the_time_and_the_case_number_do_not_wrap_and_read_as_danish_dates(shared_case, search):
    concern, _, _ = shared_case
    rows = results(search(case_number=concern.case_number, action="create"))
    assert f'<td class="ih-nowrap" data-title="Sag">{concern.case_number}</td>' in rows
    stamp = timezone.localtime().strftime("%d.%m.%Y ")
    assert '<td class="ih-nowrap" data-title="Tidspunkt"><time' in rows and stamp in rows


def test_no_name_or_text_even_when_the_entry_itself_holds_it(client, cast, shared_case, search):
    concern, item, _ = shared_case
    coordinator = cast.municipal_coordinator
    # The person's and a custody holder's entries carry their names in object_repr, and
    # the shared item's entry carries its text among the change values.
    with set_actor(coordinator.user):
        record_access(concern.person)
        draft = draft_concern(coordinator, custody_holders=[{"full_name": "Lise Sørensen", "relation": "Mor"}])
        services.update_concern(concern=draft, by=coordinator, concern_data={}, person_data={"full_name": "Mikkel S."})
    secrets = (SECRET, "Mikkel", "Sørensen", "Lise", "Nørregade", "1509094123", "150909")
    for case in (concern.case_number, draft.case_number):
        page = search(case_number=case).content.decode()
        assert all(secret not in page for secret in secrets)
        export = "\n".join(";".join(line) for line in export_rows(client, search, case_number=case))
        assert all(secret not in export for secret in secrets)
    rows = results(search(case_number=draft.case_number))
    assert "Slettede forældremyndighedsindehaver" in rows
    assert "Ændrede berørt person: navn" in rows
    assert "Læste berørt person" in results(search(case_number=concern.case_number))


def export_rows(client, search, **criteria) -> list[list[str]]:
    search()  # logs the auditor in
    response = client.post(reverse("audit_log_export"), criteria)
    return list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig")), delimiter=";"))


def test_the_export_has_one_line_per_entry_with_danish_labels_and_descriptions(client, cast, shared_case, search):
    concern, item, exchange = shared_case
    log_in(client, cast.municipal_coordinator)
    client.get(reverse("concerns:gathering", args=[concern.pk]))  # a page of many reads
    rows = export_rows(client, search, case_number=concern.case_number)
    header, lines = rows[0], rows[1:]
    assert header == [
        "Tidspunkt",
        "Bruger",
        "E-mail",
        "Handling",
        "Type",
        "Objekt-id",
        "Sag",
        "Felter",
        "Beskrivelse",
        "IP-adresse",
    ]
    assert all(line[6] == concern.case_number for line in lines)
    reads = [line for line in lines if line[3] == "Læst"]
    assert len(reads) > 1  # not grouped: one line per entry
    by_type = {line[4] for line in lines}
    assert {"bekymring", "oplysning", "§ 115-udveksling", "delt oplysning"} <= by_type
    shared = next(line for line in lines if line[4] == "delt oplysning")
    assert shared[5] == str(exchange.shared_items.get().pk)
    assert "bilagets fingeraftryk" in shared[7] and "kopi af oplysningen" in shared[7]
    assert shared[8] == "Delte en oplysning med Halsnæs Kommune"
    text = "\n".join(";".join(line) for line in lines)
    for raw in ENGLISH_OR_RAW:
        assert raw not in text
    assert SECRET not in text


def test_every_field_auditlog_can_record_has_a_danish_name_or_is_hidden():
    from auditlog.registry import auditlog
    from django.utils.functional import Promise

    for model in auditlog.get_models():
        assert model in labels.MODEL_LABELS, f"{model.__name__} needs a name in audit/labels.py"
        for name in labels.loggable_fields(model):
            label = labels.field_label(model, name)
            assert label is labels.HIDDEN or isinstance(label, Promise), (
                f"{model.__name__}.{name} needs a name in audit/labels.py or a translated verbose_name"
            )


def test_technical_fields_and_reverse_relations_are_left_out():
    assert labels.field_labels(ExchangeItem, ["id", "snapshot_attachment_sha256"]) == ["bilagets fingeraftryk"]
    assert labels.field_labels(Exchange, ["shared_items", "revoked_at"]) == ["tilbagekaldt"]
    assert labels.field_labels(InformationItem, ["no_such_field"]) == ["(andet felt)"]
