"""Fixtures of the applicant's journey."""

import pytest

from tests.factories import ApplicationFactory


@pytest.fixture
def draft(community, open_round, applicant):
    """A complete draft of the persona community in the open round (fellowship)."""
    return ApplicationFactory(community=community, round=open_round, created_by=applicant)
