"""Attachment checks by content. The checker lives in leadership (the bottom of the dependency
graph) because session materials follow the same rules; this module keeps applications' names."""

from leadership.uploads import (
    ACCEPT_ATTRIBUTE,
    ACCEPTED,
    DOCX,
    JPEG,
    PDF,
    PNG,
    XLSX,
    Kind,
    sniff,
    validate_upload,
)

__all__ = [
    "ACCEPTED",
    "ACCEPT_ATTRIBUTE",
    "DOCX",
    "JPEG",
    "PDF",
    "PNG",
    "XLSX",
    "Kind",
    "sniff",
    "validate_upload",
]
