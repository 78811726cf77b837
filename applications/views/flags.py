"""Staff pages of duplicate and fraud flags: the list to screen, one flag with both sides, the decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from leadership.roles import can_manage_reviews
from programs.models import Round

from ..models import Application, Flag, FlagKind, FlagStatus
from ..permissions import get_flag_for_staff
from ..services import flag_decide

if TYPE_CHECKING:
    from leadership.models import User

PAGE_SIZE = 50
APPLICATIONS_SHOWN = 20


class FlagFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Every status")), *FlagStatus.choices],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("Every kind")), *FlagKind.choices],
    )
    round = forms.ModelChoiceField(
        label=gettext_lazy("Round"),
        queryset=Round.objects.select_related("program"),
        required=False,
        empty_label=gettext_lazy("Every round"),
    )


class FlagDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=FlagStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Say why in a note: it is kept with the decision.")},
        help_text=gettext_lazy("Why this is, or is not, a copy or a fraud. Kept in the flag's history."),
    )


@login_required
def flag_list(request: HttpRequest) -> HttpResponse:
    """Flags to screen, open ones by default, newest first; a constant number of queries a page."""
    if not can_manage_reviews(request.user):
        raise Http404
    form = FlagFilterForm(request.GET or {"status": FlagStatus.OPEN})
    flags = Flag.objects.with_listing()
    if form.is_valid():
        if status := form.cleaned_data["status"]:
            flags = flags.filter(status=status)
        if kind := form.cleaned_data["kind"]:
            flags = flags.filter(kind=kind)
        if round_ := form.cleaned_data["round"]:
            flags = flags.filter(Q(application__round=round_) | Q(other_application__round=round_))
    page = Paginator(flags, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "applications/staff/flag_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


def _detail(request: HttpRequest, flag: Flag, form: FlagDecisionForm | None = None) -> HttpResponse:
    communities = list(flag.communities.all())
    applications = list(
        Application.objects.with_listing()
        .filter(community__in=[c.pk for c in communities])
        .exclude(status="draft")
        .order_by("-created_at")[:APPLICATIONS_SHOWN]
    )
    return render(
        request,
        "applications/staff/flag_detail.html",
        {
            "flag": flag,
            "communities": communities,
            "applications": applications,
            "events": list(flag.events.select_related("by")),
            "form": form or FlagDecisionForm(),
            "next_moves": [FlagStatus(s) for s in sorted(Flag.TRANSITIONS[flag.status])],
        },
    )


@login_required
def flag_detail(request: HttpRequest, flag_id: int) -> HttpResponse:
    """One flag: why it was raised, both sides, its history, and the decision."""
    return _detail(request, get_flag_for_staff(request.user, flag_id))


@login_required
@require_POST
def flag_decision(request: HttpRequest, flag_id: int) -> HttpResponse:
    """Dismiss, confirm or reopen with a note; a refused decision keeps the note typed."""
    flag = get_flag_for_staff(request.user, flag_id)
    form = FlagDecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, flag, form)
    user: User = request.user  # type: ignore[assignment]  # login_required and the staff check above
    try:
        flag_decide(flag=flag, to=form.cleaned_data["decision"], by=user, note=form.cleaned_data["note"])
    except ValidationError as error:
        form.add_error("note" if hasattr(error, "error_dict") else None, error)
        return _detail(request, flag, form)
    messages.success(request, _("Flag %(status)s.") % {"status": flag.get_status_display().lower()})
    return redirect(flag)
