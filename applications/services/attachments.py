"""Files attached to a draft: checked by content, at most MAX_ATTACHMENTS, only while it is a draft."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from leadership.uploads import upload_record

from ..models import Application, Attachment
from .submissions import ApplicationRefused, require_admin

if TYPE_CHECKING:
    from leadership.models import User

MAX_ATTACHMENTS = 10


def attachment_add(
    *, application: Application, by: User, upload: UploadedFile, description: str = ""
) -> Attachment:
    """Attach a checked file to a draft."""
    require_admin(by, application.community)
    record = upload_record(upload)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.is_editable:
            raise ApplicationRefused(_("Files can only be added to a draft."))
        if locked.attachments.count() >= MAX_ATTACHMENTS:
            raise ApplicationRefused(
                _("An application can have at most %(n)d files.") % {"n": MAX_ATTACHMENTS}
            )
        attachment = Attachment(application=locked, description=description, uploaded_by=by, **record)
        attachment.file.save(record["original_name"], upload, save=False)
        attachment.save()
    return attachment


def attachment_remove(*, attachment: Attachment, by: User) -> None:
    application = attachment.application
    require_admin(by, application.community)
    if not application.is_editable:
        raise ApplicationRefused(_("Files can only be removed from a draft."))
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
