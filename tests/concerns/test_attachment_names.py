"""An attachment is stored and served under a name whose extension matches its content:
PDF bytes named "rapport.exe" come back as "rapport.pdf", PNG bytes named "side.html" as
"side.png", always as a download and never sniffed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concerns.models import InformationItem
from tests.cast import PDF_BYTES, gathering_concern, log_in

pytestmark = pytest.mark.django_db

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def upload(client, cast, name, content, declared="application/octet-stream"):
    concern = gathering_concern(cast)
    log_in(client, cast.police_coordinator)
    response = client.post(
        reverse("concerns:item_add", args=[concern.pk]),
        {
            "item-source": "police",
            "item-information_date": "2026-10-01",
            "item-text": "Rapport vedlagt.",
            "item-attachment": SimpleUploadedFile(name, content, content_type=declared),
        },
    )
    assert response.status_code == 302, response.content.decode()[:300]
    item = InformationItem.objects.get()
    return item, client.get(reverse("concerns:item_attachment", args=[concern.pk, item.pk]))


@pytest.mark.parametrize(
    ("name", "content", "stored", "mime"),
    [
        ("rapport.exe", PDF_BYTES, "rapport.pdf", "application/pdf"),
        ("side.html", PNG_BYTES, "side.png", "image/png"),
        ("uden-endelse", PDF_BYTES, "uden-endelse.pdf", "application/pdf"),
        ("foto.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, "foto.JPG", "image/jpeg"),
        ("rapport.pdf", PDF_BYTES, "rapport.pdf", "application/pdf"),
    ],
)
def test_it_stores_and_serves_the_name_with_the_extension_of_the_content(client, cast, name, content, stored, mime):
    item, response = upload(client, cast, name, content, declared="text/html")
    assert item.attachment_name == stored
    assert item.attachment_type == mime
    assert not item.attachment.name.endswith((".exe", ".html"))
    assert response["Content-Type"] == mime
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f'filename="{stored}"' in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
