"""The uploads' storage is one setting read from the environment, so another backend needs no code."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SHOW_STORAGE = """
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from applications.models import Attachment
field_storage = Attachment._meta.get_field("file").storage
name = field_storage.save("probe.txt", ContentFile(b"x"))
print(type(storages["default"]).__name__, field_storage.url(name))
"""


def _run(media_root: Path, **environment: str) -> list[str]:
    env = {
        key: value for key, value in os.environ.items() if key not in ("STORAGE_BACKEND", "STORAGE_OPTIONS")
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings", MEDIA_ROOT=str(media_root), **environment)
    result = subprocess.run(
        [sys.executable, "-c", SHOW_STORAGE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_the_file_system_under_media_root_is_the_default(tmp_path):
    shown = _run(tmp_path)

    assert shown[0] == "FileSystemStorage"
    assert (tmp_path / "probe.txt").read_bytes() == b"x"


def test_another_backend_and_its_options_come_from_the_environment(tmp_path):
    shown = _run(
        tmp_path,
        STORAGE_BACKEND="django.core.files.storage.InMemoryStorage",
        STORAGE_OPTIONS=json.dumps({"base_url": "https://files.example.org/grants/"}),
    )

    # The attachments' field follows the setting too: uploads land where every host reaches.
    assert shown == ["InMemoryStorage", "https://files.example.org/grants/probe.txt"]
    assert not (tmp_path / "probe.txt").exists()
