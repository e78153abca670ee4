"""Checks on uploaded attachments: size, and type read from the content, not the name."""

import hashlib

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from concerns.errors import UserError

# PDF, images and office documents. Anything else (HTML, scripts, executables, archives)
# is refused, whatever its name says.
ALLOWED_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}


def checked_content_type(upload) -> str:
    """The upload's real type; raises UserError (nothing saved) when it is refused."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise UserError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise UserError(_("The file type is not allowed. Upload a PDF, an image (PNG/JPEG) or an office document."))
    return kind.mime


def sha256_of(field_file) -> str:
    digest = hashlib.sha256()
    with field_file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()
