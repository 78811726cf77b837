"""The public eligibility page: the rules the application form enforces, read from the same table."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from programs.models import Program

from ..eligibility import RULES


def eligibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "applications/eligibility.html",
        {
            "rules": RULES,
            "programs": list(Program.objects.all()),
        },
    )
