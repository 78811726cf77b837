"""Bad input never gets a 500: every object route, and every list page, fed garbage by the people
allowed to use it."""

import pytest
from django.urls import reverse

from tests.test_access_matrix import POLICY, world  # noqa: F401 (fixture)

GARBAGE = {
    "amount": "12,34abc",
    "amount_requested": "-5",
    "capacity": "-1",
    "note": "x" * 20000,
    "reason": "",
    "paid_on": "31/02/2026",
    "due_date": "yesterday",
    "starts_at": "not a date",
    "email": "not-an-email",
    "language": "xx",
    "round": "999999",
    "community": "abc",
    "state": "nonsense",
    "form-TOTAL_FORMS": "abc",
    "form-INITIAL_FORMS": "-3",
    "attendance": "??",
    "agree": "maybe",
    "page": "-2",
}
QUERY = "?page=abc&country=ZZ&focus_area=999&status=bogus&program=x&round=y&when=z&decision_from=notadate"

LIST_PAGES = [
    "dashboard",
    "application_start",
    "rounds",
    "faq",
    "eligibility",
    "home",
    "session_list",
    "gathering_list",
    "gathering_public_list",
    "gathering_mine",
    "gathering_propose",
    "award_list",
    "awarded_communities",
    "staff_review_rounds",
    "staff_dashboard",
    "staff_dashboard_data",
    "staff_shortlist",
    "staff_reports",
    "staff_export_awards",
    "staff_export_applications",
    "staff_cohort_list",
    "staff_session_list",
    "staff_gathering_list",
    "staff_gathering_export_csv",
    "staff_report_list",
    "community_create",
    "profile",
]


@pytest.mark.parametrize("name", sorted(POLICY))
def test_object_routes_survive_garbage(name, world, client, applicant, staff):  # noqa: F811
    rule = POLICY[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    for persona, user in (("admin", applicant), ("staff", staff)):
        if "ok" not in rule.expected("post", persona) | rule.expected("get", persona):
            continue
        client.force_login(user)
        assert client.get(url + QUERY).status_code < 500, (name, persona, "GET")
        assert client.post(url, GARBAGE).status_code < 500, (name, persona, "POST")


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_survive_garbage(name, client, applicant, staff):
    from tests.factories import make_program_staff

    make_program_staff(staff)
    for user in (applicant, staff):
        client.force_login(user)
        assert client.get(reverse(name) + QUERY).status_code < 500, (name, user.email)
        assert client.post(reverse(name), GARBAGE).status_code < 500, (name, user.email, "POST")
