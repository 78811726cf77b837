"""Every response carries a Content-Security-Policy that forbids inline script and framing, and a
Permissions-Policy that turns off the devices the site never uses."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

from tests.factories import make_program_staff

ROOT = Path(__file__).resolve().parents[1]


def directives(header: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_strict_policy(response: HttpResponse) -> None:
    assert "Content-Security-Policy" in response, f"no CSP on {response.status_code} {response}"
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert "report-uri" not in policy
    # Only style attributes may be inline (the email preview and progress bars need them).
    assert policy["style-src-attr"] == ["'unsafe-inline'"]
    for name, sources in policy.items():
        assert "'unsafe-eval'" not in sources, name
        if name != "style-src-attr":
            assert "'unsafe-inline'" not in sources, name
    assert "Content-Security-Policy-Report-Only" not in response

    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [path("crash/", crash)]


def test_public_page(client, db):
    assert_strict_policy(client.get(reverse("home")))


def test_admin_page(client, staff):
    client.force_login(make_program_staff(staff))
    response = client.get(reverse("admin:applications_application_changelist"))
    assert response.status_code == 200
    assert_strict_policy(response)


def test_admin_login_page(client, db):
    assert_strict_policy(client.get(reverse("admin:login")))


def test_json_endpoint(client, staff):
    client.force_login(make_program_staff(staff))
    response = client.get(reverse("staff_dashboard_data"))
    assert response["Content-Type"] == "application/json"
    assert_strict_policy(response)


def test_not_found_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_strict_policy(response)


@pytest.mark.urls(__name__)
def test_server_error_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/crash/")
    assert response.status_code == 500
    assert_strict_policy(response)


def _response_under(env: dict[str, str]) -> dict[str, str]:
    """Headers of a 404 served by a fresh process started with these environment variables."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/no-such-page/');"
        "print(json.dumps(dict(r.headers)))"
    )
    skip = {"CSP_REPORT_ONLY", "CSP_REPORT_URI", "DJANGO_ENV"}
    base = {k: v for k, v in os.environ.items() if k not in skip}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_report_only_mode_switches_the_header_name():
    headers = _response_under({"CSP_REPORT_ONLY": "true", "CSP_REPORT_URI": "https://csp.example.org/report"})
    assert "Content-Security-Policy" not in headers
    policy = directives(headers["Content-Security-Policy-Report-Only"])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["report-uri"] == ["https://csp.example.org/report"]


def test_enforced_by_default_with_an_optional_report_uri():
    headers = _response_under({"CSP_REPORT_URI": "/csp-reports/"})
    assert "Content-Security-Policy-Report-Only" not in headers
    assert directives(headers["Content-Security-Policy"])["report-uri"] == ["/csp-reports/"]
