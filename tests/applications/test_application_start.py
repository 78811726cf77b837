"""Starting an application: eligibility first, then a draft, possibly from an earlier one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.eligibility import RULES
from applications.models import Application, Status
from tests.factories import ApplicationFactory, RoundFactory

ALL_YES = {rule.key: "yes" for rule in RULES}


def _start(client, community, round_, **answers):
    return client.post(
        reverse("application_start"),
        {"community": community.pk, "round": round_.pk, **ALL_YES, **answers},
    )


def test_start_page_lists_communities_and_open_rounds(client, applicant, community, open_round):
    client.force_login(applicant)
    response = client.get(reverse("application_start"), {"round": open_round.pk})
    assert response.status_code == 200
    content = response.content.decode()
    assert community.name in content and open_round.title in content
    for rule in RULES:
        assert str(rule.question) in content


def test_start_page_without_a_community_offers_to_create_one(client, stranger, open_round):
    client.force_login(stranger)
    response = client.get(reverse("application_start"))
    assert response.status_code == 200
    assert reverse("community_create") in response.content.decode()


def test_all_yes_opens_a_draft_with_the_answers_stored(client, applicant, community, open_round):
    client.force_login(applicant)
    response = _start(client, community, open_round)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("application_edit", args=[application.pk])
    assert application.status == Status.DRAFT
    assert application.eligibility["answers"] == {rule.key: True for rule in RULES}
    assert application.status_changes.get().new_status == Status.DRAFT


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.key)
def test_a_no_stops_with_an_explanation_and_creates_nothing(client, applicant, community, open_round, rule):
    client.force_login(applicant)
    response = _start(client, community, open_round, **{rule.key: "no"})
    assert response.status_code == 200
    assert "applications/application_ineligible.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert str(rule.refusal).replace("'", "&#x27;") in content
    assert not Application.objects.exists()


def test_an_unanswered_rule_is_asked_again(client, applicant, community, open_round):
    client.force_login(applicant)
    data = {"community": community.pk, "round": open_round.pk, **ALL_YES}
    del data["payable"]
    response = client.post(reverse("application_start"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["payable"] == ["Please answer yes or no."]
    assert not Application.objects.exists()


def test_cannot_start_for_a_community_one_does_not_run(client, stranger, community, open_round):
    client.force_login(stranger)
    response = _start(client, community, open_round)
    assert response.status_code == 200
    assert "community" in response.context["form"].errors
    assert not Application.objects.exists()


def test_a_second_application_in_the_same_round_is_refused_clearly(client, applicant, community, open_round):
    ApplicationFactory(community=community, round=open_round)
    client.force_login(applicant)
    response = _start(client, community, open_round)
    assert response.status_code == 200
    assert "already has an application in this round" in response.content.decode()
    assert Application.objects.count() == 1


@pytest.fixture
def previous(community, applicant):
    past = RoundFactory(
        opens_at=timezone.now() - timedelta(days=400),
        closes_at=timezone.now() - timedelta(days=370),
    )
    return ApplicationFactory(
        community=community,
        round=past,
        status=Status.DECLINED,
        title="Clean rivers",
        plan="Monthly river clean-ups.",
        budget_summary="Gloves and bags.",
    )


def test_start_from_a_previous_application_copies_the_texts(
    client, applicant, community, open_round, previous
):
    client.force_login(applicant)
    page = client.get(reverse("application_start"), {"from": previous.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["copy_from"] == previous.pk
    response = _start(client, community, open_round, copy_from=previous.pk)
    assert response.status_code == 302
    application = Application.objects.get(round=open_round)
    assert (application.title, application.plan, application.budget_summary) == (
        "Clean rivers",
        "Monthly river clean-ups.",
        "Gloves and bags.",
    )
    assert application.copied_from == previous
    assert application.status == Status.DRAFT


def test_stranger_cannot_start_from_someone_elses_application(client, stranger, previous):
    client.force_login(stranger)
    assert client.get(reverse("application_start"), {"from": previous.pk}).status_code == 404


def test_copy_from_another_community_is_refused(client, applicant, community, open_round, previous):
    from tests.factories import CommunityFactory

    other = CommunityFactory(admins=[applicant])
    client.force_login(applicant)
    response = _start(client, other, open_round, copy_from=previous.pk)
    assert response.status_code == 200
    assert "copy_from" in response.context["form"].errors
    assert not Application.objects.filter(round=open_round).exists()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("application_start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
