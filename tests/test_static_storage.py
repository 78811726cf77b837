"""config.static_storage: production's static storage computes each hashed URL once."""

import json

import pytest

from config.static_storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"version": "1.1", "paths": {"css/site.css": "css/site.abc123.css"}, "hash": "h"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_the_hashed_url_from_the_manifest_computed_once(storage):
    assert storage.url("css/site.css") == "/static/css/site.abc123.css"
    storage.hashed_files["css/site.css"] = "css/site.other.css"  # a manifest it will never see
    assert storage.url("css/site.css") == "/static/css/site.abc123.css"
    assert storage.url("css/site.css", force=True) == "/static/css/site.other.css"


def test_a_file_missing_from_the_manifest_still_fails_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("js/missing.js")
