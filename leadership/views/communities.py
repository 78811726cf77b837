"""Community profiles: create, read, edit, invite co-admins and accept an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import CommunityForm, InvitationForm
from ..models import Community
from ..permissions import get_community_for_user, get_invitation_by_token, is_community_admin
from ..services.communities import (
    LeadershipRefused,
    admin_invite,
    community_create,
    community_update,
    invitation_accept,
)


def _detail(
    request: HttpRequest, community: Community, invite_form: InvitationForm | None = None
) -> HttpResponse:
    is_admin = is_community_admin(request.user, community.pk)
    context = {
        "community": community,
        "is_admin": is_admin,
        "memberships": community.memberships.select_related("user").order_by("added_at", "id"),
        "invitations": community.invitations.pending().order_by("-created_at") if is_admin else [],
        "invite_form": (invite_form or InvitationForm()) if is_admin else None,
    }
    return render(request, "leadership/community_detail.html", context)


@login_required
def community_create_view(request: HttpRequest) -> HttpResponse:
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = community_create(
                by=request.user, data=form.cleaned_data, focus_areas=form.cleaned_data["focus_areas"]
            )
        except LeadershipRefused as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is created. You are its admin.") % {"name": community.name})
            return redirect(community)
    return render(request, "leadership/community_form.html", {"form": form})


@login_required
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_community_for_user(request.user, pk))


@login_required
def community_edit(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for_user(request.user, pk, write=True)
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        try:
            community_update(
                community=community,
                by=request.user,
                data=form.cleaned_data,
                focus_areas=form.cleaned_data["focus_areas"],
            )
        except LeadershipRefused as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The profile of %(name)s is saved.") % {"name": community.name})
            return redirect(community)
    return render(request, "leadership/community_form.html", {"form": form, "community": community})


@require_POST
@login_required
def community_invite(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for_user(request.user, pk, write=True)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = admin_invite(community=community, by=request.user, email=form.cleaned_data["email"])
        except LeadershipRefused as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link in it works until %(date)s.")
                % {
                    "email": invitation.email,
                    "date": date_format(localtime(invitation.expires_at), "j F Y, H:i T"),
                },
            )
            return redirect(community)
    return _detail(request, community, invite_form=form)


def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the link sees the invitation; only the invitee, signed in, may accept (POST)."""
    invitation = get_invitation_by_token(token)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            invitation_accept(invitation=invitation, by=request.user)
        except LeadershipRefused as error:
            messages.error(request, " ".join(error.messages))
            return redirect("invitation_accept", token=token)
        messages.success(
            request, _("You are now an admin of %(name)s.") % {"name": invitation.community.name}
        )
        return redirect(invitation.community)
    context = {
        "invitation": invitation,
        "already_admin": is_community_admin(request.user, invitation.community_id),
        "for_someone_else": request.user.is_authenticated and not invitation.is_for(request.user),
    }
    return render(request, "leadership/invitation_detail.html", context)
