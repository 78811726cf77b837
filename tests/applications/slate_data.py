"""A small round for the slate tests: nine reviewed applications from four countries."""

from applications.models import Status
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    ReviewAssignmentFactory,
    make_reviewer,
    submitted_review,
)

# (title, country, focus area, criterion scores): the totals are all different (fellowship
# weights 1.5, 1.5, 1, 1, 1), France holds the four best, Kenya and Brazil follow.
SPECS = [
    ("FR best", "FR", "health", [5, 5, 5, 5, 5]),
    ("FR second", "FR", "health", [5, 5, 5, 5, 4]),
    ("FR third", "FR", "education", [5, 5, 5, 4, 4]),
    ("FR fourth", "FR", "health", [5, 5, 4, 4, 4]),
    ("KE best", "KE", "environment", [4, 4, 4, 4, 4]),
    ("KE second", "KE", "education", [4, 4, 4, 4, 3]),
    ("BR best", "BR", "health", [4, 4, 3, 3, 3]),
    ("BR second", "BR", "environment", [3, 3, 3, 3, 2]),
    ("AU only", "AU", "education", [2, 2, 2, 2, 1]),
]


def reviewed(round_, specs, reviewer=None):
    """Applications in review with one submitted review each, by one reviewer; title → application."""
    reviewer = reviewer or make_reviewer()
    apps = {}
    for title, country, area, scores in specs:
        community = CommunityFactory(country=country, focus=[area], name=f"{title} community")
        application = ApplicationFactory(
            round=round_, community=community, status=Status.IN_REVIEW, title=title
        )
        submitted_review(ReviewAssignmentFactory(reviewer=reviewer, application=application), scores)
        apps[title] = application
    return apps
