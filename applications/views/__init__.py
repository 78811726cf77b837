"""The applicant's pages: dashboard, starting, editing, submitting and withdrawing, files."""

from .applying import (
    application_autosave,
    application_detail,
    application_edit,
    application_start,
    application_submit,
    application_withdraw,
)
from .attachments import attachment_delete, attachment_download, attachment_upload
from .dashboard import dashboard

__all__ = [
    "application_autosave",
    "application_detail",
    "application_edit",
    "application_start",
    "application_submit",
    "application_withdraw",
    "attachment_delete",
    "attachment_download",
    "attachment_upload",
    "dashboard",
]
