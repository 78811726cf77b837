"""Upload checks by content, shared by application attachments and session materials.

The bytes decide the type, never the file name. leadership is the bottom of the dependency
graph, so this checker lives here and applications re-exports it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = Kind("PDF", "application/pdf", (".pdf",))
PNG = Kind("PNG", "image/png", (".png",))
JPEG = Kind("JPEG", "image/jpeg", (".jpg", ".jpeg"))
XLSX = Kind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
DOCX = Kind("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
ACCEPTED = (PDF, PNG, JPEG, XLSX, DOCX)
ACCEPT_ATTRIBUTE = ",".join(ext for kind in ACCEPTED for ext in kind.extensions)


def sniff(upload: UploadedFile) -> Kind | None:
    """The kind the file's bytes show, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return XLSX
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def validate_upload(upload: UploadedFile) -> Kind:
    """The file's kind if it is an accepted document of an allowed size; else a clear error."""
    # Django names and measures every file a request carries; the checks below read both.
    assert upload.name is not None and upload.size is not None
    if upload.size > settings.MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s; files can be at most %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.MAX_ATTACHMENT_BYTES),
            },
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": upload.name}, code="empty")
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            _(
                "%(name)s is not a PDF, PNG, JPEG, XLSX or DOCX file, whatever its name says. Please upload one of those formats."
            )
            % {"name": upload.name},
            code="bad_type",
        )
    name = upload.name.lower()
    if not name.endswith(kind.extensions):
        raise ValidationError(
            _(
                "%(name)s is named like another type of file but its content is %(kind)s. Rename it with %(extension)s and try again."
            )
            % {"name": upload.name, "kind": kind.label, "extension": kind.extensions[0]},
            code="name_mismatch",
        )
    return kind


def upload_record(upload: UploadedFile) -> dict[str, Any]:
    """What a stored file keeps of an upload that `validate_upload` accepts (raising as it does):
    its name cut to the column's 255 characters, the content type its content showed, its size."""
    kind = validate_upload(upload)
    assert upload.name is not None and upload.size is not None  # validate_upload read both
    return {"original_name": upload.name[:255], "content_type": kind.content_type, "size": upload.size}
