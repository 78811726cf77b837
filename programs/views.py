"""The public site: what the program offers, its rounds and the FAQ.

The eligibility page lives in applications (applications.views.eligibility), beside the rules
the application form enforces.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from leadership.models import FocusAreaCode

from .models import Criterion, Program, Round


def _focus_areas() -> list[str]:
    return [label for code, label in FocusAreaCode.choices if code != FocusAreaCode.OTHER]


def _open_rounds():
    return Round.objects.open().select_related("program").order_by("closes_at")


def _upcoming_rounds():
    return Round.objects.upcoming().select_related("program").order_by("opens_at")


def home(request: HttpRequest) -> HttpResponse:
    programs = list(Program.objects.all())
    return render(
        request,
        "programs/home.html",
        {
            "programs": programs,
            "open_rounds": list(_open_rounds()),
            "focus_areas": _focus_areas(),
            "total_awards": sum(p.max_awards for p in programs),
        },
    )


def rounds(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programs/round_list.html",
        {
            "open_rounds": list(_open_rounds()),
            "upcoming_rounds": list(_upcoming_rounds()),
        },
    )


def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(Program.objects.prefetch_related("criteria"), slug=slug)
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "open_rounds": list(program.rounds.open().order_by("closes_at")),
            "upcoming_rounds": list(program.rounds.upcoming().order_by("opens_at")),
        },
    )


def faq(request: HttpRequest) -> HttpResponse:
    # Both programs share most of their rubric: list each criterion name once, in order.
    criteria = dict.fromkeys(c.localized_name for c in Criterion.objects.order_by("order", "id"))
    return render(
        request,
        "programs/faq.html",
        {
            "programs": list(Program.objects.all()),
            "open_rounds": list(_open_rounds()),
            "criteria": list(criteria),
            "focus_areas": _focus_areas(),
        },
    )
