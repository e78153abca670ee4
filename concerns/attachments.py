"""Checks on uploaded attachments: size, and type read from the content, not the name."""

import hashlib
import posixpath
import re
from contextlib import contextmanager

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


# The extensions a type is stored and served under; the first is used when the name has
# none of them. A name is never trusted: a PDF named "rapport.exe" is served as "rapport.pdf".
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "application/msword": (".doc",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.ms-excel": (".xls",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
}
# What reads as an extension to be replaced (".exe", ".html"); a longer tail ("politi.rapport")
# is kept and the right extension added after it.
EXTENSION_LIKE = re.compile(r"\.[A-Za-z0-9]{1,5}$")
MAX_NAME = 255


def name_for_type(name: str, content_type: str) -> str:
    """The file's name with an extension that matches its content (and no folder part)."""
    name = posixpath.basename((name or "").replace("\\", "/")).strip() or "bilag"
    extensions = EXTENSIONS.get(content_type)
    if not extensions:
        return name[-MAX_NAME:]
    if name.lower().endswith(extensions):
        return name[-MAX_NAME:]
    stem = EXTENSION_LIKE.sub("", name) or "bilag"
    return stem[: MAX_NAME - len(extensions[0])] + extensions[0]


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


@contextmanager
def removed_if_this_fails(field_file):
    """Remove a stored file again when the block that saved its row fails: the row goes
    with the transaction's rollback, the file on disk would stay. (A rollback of an outer
    transaction after the block is caught by `manage.py retention`, which removes files no
    row refers to.)"""
    try:
        yield
    except BaseException:
        # `_committed` is Django's own mark that the file was written to the storage.
        if field_file and getattr(field_file, "_committed", False):
            field_file.storage.delete(field_file.name)
        raise
