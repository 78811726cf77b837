"""A person's copy of their data: asked on the web, built by a Celery task, fetched by a signed link.

The ZIP is written to a temporary file on disk one stored file at a time (never all of them in
memory), then handed to the default storage in chunks, so a worker's memory stays flat whatever
the attachments weigh.
"""

from __future__ import annotations

import json
import logging
import secrets
import shutil
import tempfile
import zipfile
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notification_send

from ..models import DataExport, DataExportState
from ..services.communities import LeadershipRefused
from .registry import ExportFile, ExportPart, contributors

if TYPE_CHECKING:
    from ..models import User

logger = logging.getLogger(__name__)

LINK_SALT = "leadership.privacy.export"
COPY_CHUNK = 1024 * 1024  # bytes read from storage at a time


class ExportLinkExpired(LeadershipRefused):
    """The download link is older than its lifetime."""


def link_lifetime() -> timedelta:
    return timedelta(days=settings.PRIVACY_EXPORT_LINK_DAYS)


def export_link(export: DataExport) -> str:
    """The download path for this export: signed, dated, and only for its owner."""
    token = signing.dumps({"export": export.pk, "user": export.user_id}, salt=LINK_SALT)
    return reverse("privacy_export_download", args=[token])


def export_for_link(*, token: str, user: User) -> DataExport:
    """The export a link names, for the person signed in; 404 for anyone else or a broken link."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=link_lifetime())
    except signing.SignatureExpired:
        raise ExportLinkExpired(
            _("This download link has expired. Ask for a new copy of your data on the “My data” page.")
        ) from None
    except signing.BadSignature:
        raise Http404 from None
    if data.get("user") != user.pk:
        raise Http404
    export = DataExport.objects.filter(pk=data.get("export"), user=user, state=DataExportState.READY).first()
    if export is None or not default_storage.exists(export.file):
        raise ExportLinkExpired(
            _("This copy of your data is no longer kept. Ask for a new one on the “My data” page.")
        )
    return export


def latest_export(user: User) -> DataExport | None:
    return DataExport.objects.filter(user=user).order_by("-requested_at", "-pk").first()


def data_export_request(*, by: User) -> DataExport:
    """Queue a new copy of everything held about `by`; an unfinished one is reused."""
    from ..tasks import build_data_export

    with transaction.atomic():
        waiting = (
            DataExport.objects.select_for_update()
            .filter(user=by, state__in=[DataExportState.QUEUED, DataExportState.BUILDING])
            .first()
        )
        if waiting is not None:
            return waiting
        export = DataExport.objects.create(user=by)
        transaction.on_commit(lambda: build_data_export.delay(export.pk), robust=True)
    return export


def _parts(user: User) -> list[tuple[str, ExportPart]]:
    return [(c.name, c.exporter(user)) for c in contributors() if c.exporter is not None]


def _readme(user: User, now: datetime) -> str:
    return _(
        "A copy of the data the Community Leadership Grants program holds about %(name)s, made on "
        "%(date)s (UTC).\n\nEach .json file holds one kind of record; the folders hold your original "
        "files, as you uploaded them.\n"
    ) % {"name": user.full_name or user.email, "date": now.strftime("%Y-%m-%d %H:%M")}


def _copy(archive: zipfile.ZipFile, item: ExportFile) -> bool:
    """Stream one stored file into the archive; False when storage no longer has it."""
    storage, name = item.file.storage, item.file.name
    if not name:
        return False
    try:
        source = storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        return False
    with source, archive.open(item.path, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, COPY_CHUNK)
    return True


def data_export_build(*, export_id: int) -> DataExport | None:
    """Write the ZIP for one export, counting progress as each part goes in, then email the link.

    None when the request is gone (its owner was erased meanwhile).
    """
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.state == DataExportState.READY:
        return export
    user, now = export.user, timezone.now()
    parts = _parts(user)
    files = [item for _name, part in parts for item in part.files]
    export.state, export.done, export.total = DataExportState.BUILDING, 0, len(parts) + len(files)
    export.save(update_fields=["state", "done", "total"])
    missing: list[str] = []
    try:
        with tempfile.TemporaryFile(prefix="data-export-") as spool:
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
                archive.writestr("README.txt", _readme(user, now), compress_type=zipfile.ZIP_DEFLATED)
                for _contributor, part in parts:
                    for section, rows in part.sections.items():
                        document = json.dumps(rows, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
                        archive.writestr(f"{section}.json", document, compress_type=zipfile.ZIP_DEFLATED)
                    _progress(export, 1)
                for item in files:
                    if not _copy(archive, item):
                        missing.append(item.path)
                    _progress(export, 1)
                if missing:
                    archive.writestr("missing_files.json", json.dumps(missing, indent=2))
            export.size = spool.tell()
            spool.seek(0)
            stored = default_storage.save(
                f"privacy/exports/{user.pk}/{secrets.token_hex(16)}.zip", File(spool, name="data.zip")
            )
    except Exception as exc:
        logger.exception("Data export %s failed.", export.pk)
        export.state, export.error, export.finished_at = (
            DataExportState.FAILED,
            str(exc)[:2000],
            timezone.now(),
        )
        export.save(update_fields=["state", "error", "finished_at"])
        return export
    with transaction.atomic():
        export.state, export.file, export.finished_at = DataExportState.READY, stored, timezone.now()
        export.save(update_fields=["state", "file", "size", "finished_at"])
        notification_send(
            event="data_export_ready",
            to=[user],
            context={"path": export_link(export), "expires_at": export.finished_at + link_lifetime()},
        )
    return export


def _progress(export: DataExport, step: int) -> None:
    export.done += step
    DataExport.objects.filter(pk=export.pk).update(done=export.done)


def data_exports_purge(*, now: datetime | None = None) -> int:
    """Delete the ZIPs whose links have expired; the rows stay as a record of the request."""
    cutoff = (now or timezone.now()) - link_lifetime()
    old = DataExport.objects.filter(state=DataExportState.READY, finished_at__lt=cutoff).exclude(file="")
    count = 0
    for export in old.iterator():
        default_storage.delete(export.file)
        DataExport.objects.filter(pk=export.pk).update(file="", state=DataExportState.EXPIRED)
        count += 1
    return count


def export_status(export: DataExport) -> dict[str, Any]:
    return {
        "state": export.state,
        "percent": export.percent,
        "done": export.done,
        "total": export.total,
        "finished": export.is_finished,
    }
