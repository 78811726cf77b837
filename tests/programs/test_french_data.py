"""Programs, rubrics, round titles and grant agreements in both languages: the reader's, and
English only where staff left French empty."""

import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from applications.models import Application
from grants.models import Award
from leadership.models import Gathering, User
from programs.models import Criterion, Program, ProgramTerms, Round
from tests.factories import RoundFactory
from tests.grants.support import make_award

pytestmark = pytest.mark.django_db


def test_the_accessor_gives_french_to_french_readers_and_falls_back_to_english():
    round_ = RoundFactory(title="Open call", title_fr="Appel à candidatures")
    program = round_.program
    program.name_fr = ""
    program.save()
    with translation.override("fr"):
        assert round_.localized_title == "Appel à candidatures"
        assert program.localized_name == program.name  # French left empty
        assert str(round_) == f"{program.name} — Appel à candidatures"
    with translation.override("en"):
        assert round_.localized_title == "Open call"
        assert str(round_) == f"{program.name} — Open call"


def test_an_award_keeps_the_agreement_in_both_languages(staff):
    terms, _ = ProgramTerms.objects.get_or_create(program=Program.objects.get(slug="fellowship"))
    terms.agreement, terms.agreement_fr = "Use the money well.", "Utilisez bien l’argent."
    terms.save()
    award = make_award(staff)
    terms.agreement_fr = "Changed later."
    terms.save()
    award.refresh_from_db()
    with translation.override("fr"):
        assert award.localized_agreement == "Utilisez bien l’argent."
    with translation.override("en"):
        assert award.localized_agreement == "Use the money well."


def _seed() -> None:
    call_command("seed_demo", stdout=StringIO())


def _english_data() -> list[str]:
    """Every English text of the demo catalogue that has a French version."""
    texts: list[str] = []
    for program in Program.objects.all():
        assert program.name_fr and program.description_fr
        texts += [program.name, program.description]
    for criterion in Criterion.objects.all():
        assert criterion.name_fr and criterion.guidance_fr
        texts += [criterion.name, criterion.guidance]
    for round_ in Round.objects.all():
        assert round_.title_fr
        texts.append(round_.title)
    for terms in ProgramTerms.objects.all():
        assert terms.agreement_fr
        texts.append(terms.agreement)
    return sorted(set(texts))


def _visible_texts(html: str) -> list[str]:
    """The page's text nodes and attribute values, as a reader or a screen reader meets them."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    nodes = [unescape(t).strip() for t in re.split(r"<[^>]+>", html)]
    attributes = [unescape(a) for a in re.findall(r'(?:title|aria-label|alt|content)="([^"]*)"', html)]
    return [t for t in nodes + attributes if t]


def _english_on(html: str, english: list[str]) -> list[str]:
    texts = _visible_texts(html)
    found = []
    for text in english:
        # Short names ("Leadership") may sit inside other words of a French name; compare whole
        # texts for them and look for the longer ones anywhere.
        if len(text.split()) <= 2:
            if any(node == text or node.startswith(text + " ·") for node in texts):
                found.append(text)
        elif any(text in node for node in texts):
            found.append(text)
    return found


def _pages_of(user: User) -> list[str]:
    urls = [reverse("dashboard"), reverse("award_list"), reverse("gathering_list")]
    urls += [
        reverse("application_detail", args=[pk])
        for pk in Application.objects.filter(community__admins=user).values_list("pk", flat=True)
    ]
    urls += [
        reverse("award_detail", args=[pk])
        for pk in Award.objects.filter(application__community__admins=user).values_list("pk", flat=True)
    ]
    urls += [g.get_absolute_url() for g in Gathering.objects.listed_for(user)]
    return urls


def test_french_pages_of_the_demo_show_no_english_data(client):
    _seed()
    english = _english_data()
    assert "Community Leadership Residency" in english and "Open call" in english

    client.cookies["django_language"] = "fr"
    public = [reverse("home"), reverse("rounds"), reverse("faq"), reverse("awarded_communities")]
    public += [p.get_absolute_url() for p in Program.objects.all()]
    visited = 0
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="fr"' in response.content.decode()
        assert _english_on(response.content.decode(), english) == [], url
        visited += 1

    grantees = User.objects.filter(communities__applications__awards__isnull=False)
    readers = {*grantees, User.objects.get(email="admin@demo.example")}
    for user in readers:
        user.language = "fr"
        user.save(update_fields=["language"])
        client.force_login(user)
        for url in _pages_of(user):
            response = client.get(url)
            assert response.status_code == 200, url
            assert _english_on(response.content.decode(), english) == [], (user.email, url)
            visited += 1
    assert Award.objects.exists()
    assert visited > 15
