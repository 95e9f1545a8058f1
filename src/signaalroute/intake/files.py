"""Checking uploaded files on their content (not their name) and naming them safely."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

# The allow-list: content type -> a test on the file's first bytes (and whole content for docx).
ALLOWED = {
    "image/jpeg": lambda head, data: head.startswith(b"\xff\xd8\xff"),
    "image/png": lambda head, data: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "application/pdf": lambda head, data: head.startswith(b"%PDF-"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        lambda head, data: head.startswith(b"PK\x03\x04") and _is_docx(data)
    ),
    "text/plain": lambda head, data: _is_text(data),
}


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


# The file name's extension must fit the content found, so a browser or viewer never guesses.
EXTENSIONS = {
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "application/pdf": {"pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "text/plain": {"txt", "text"},
}
_MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml")


def _is_text(data: bytes) -> bool:
    if not data or b"\x00" in data or data.lstrip()[:9].lower().startswith(_MARKUP):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes
    sha256: str


def safe_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".")
    try:
        cleaned = get_valid_filename(base)[:100]
    except Exception:  # get_valid_filename refuses names it cannot clean
        cleaned = ""
    return cleaned or "bijlage"


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Refuse files over the size limit or whose content is not on the allow-list."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file %(name)s is larger than %(limit)s."),
            params={"name": safe_name(upload.name or ""), "limit": filesizeformat(limit)},
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file %(name)s is larger than %(limit)s."),
            params={"name": safe_name(upload.name or ""), "limit": filesizeformat(limit)},
        )
    head = data[:16]
    name = safe_name(upload.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    for content_type, test in ALLOWED.items():
        if test(head, data):
            if extension not in EXTENSIONS[content_type]:
                raise ValidationError(
                    _("The content of %(name)s does not match its file name."),
                    params={"name": name},
                )
            return CheckedFile(name, content_type, data, hashlib.sha256(data).hexdigest())
    raise ValidationError(
        _("The file %(name)s is not a photo (JPEG, PNG), PDF, Word document or text file."),
        params={"name": safe_name(upload.name or "")},
    )
