"""Every response carries X-Request-ID; every failed request logs one line with it."""

import logging
import re

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from config.middleware import RequestIdLogFilter, request_id_var


def _boom(request: HttpRequest) -> HttpResponse:
    raise ValueError("kaboom")


def _unavailable(request: HttpRequest) -> HttpResponse:
    return HttpResponse("down", status=503)


def _fine(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("boom/", _boom), path("unavailable/", _unavailable), path("fine/", _fine)]


def _failure_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "config.requests"]


def test_a_response_gets_a_fresh_request_id(client, db):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_the_proxys_request_id_is_kept(client, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-7f3a.42")
    assert response["X-Request-ID"] == "edge-7f3a.42"


@pytest.mark.parametrize("forged", ["two words", "line\nbreak", "trailing\n", "x" * 200, ""])
def test_an_unsafe_request_id_is_replaced(client, db, forged):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=forged)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.urls("tests.test_request_id")
def test_an_unhandled_exception_logs_one_line_with_the_request_id(db, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="config.requests"):
        response = client.get("/boom/", HTTP_X_REQUEST_ID="req-123")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-123"
    assert _failure_lines(caplog) == [
        "request failed: GET /boom/ status=500 error=ValueError request_id=req-123"
    ]


@pytest.mark.urls("tests.test_request_id")
def test_a_5xx_answer_logs_one_line(client, db, caplog):
    with caplog.at_level(logging.ERROR, logger="config.requests"):
        response = client.get("/unavailable/")
    request_id = response["X-Request-ID"]
    assert _failure_lines(caplog) == [
        f"request failed: GET /unavailable/ status=503 error=- request_id={request_id}"
    ]


@pytest.mark.urls("tests.test_request_id")
def test_success_and_client_errors_log_nothing(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="config.requests"):
        assert client.get("/fine/").status_code == 200
        assert client.get("/missing/").status_code == 404
    assert _failure_lines(caplog) == []


def test_log_records_carry_the_current_request_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    request_id_var.set("abc")
    RequestIdLogFilter().filter(record)
    assert record.request_id == "abc"
