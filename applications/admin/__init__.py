from . import (  # noqa: I001  (order of registration: the review desk extends the applications admin last)
    application,  # noqa: F401
    reviewer_profiles,  # noqa: F401
    assignments,  # noqa: F401
    application_review,  # noqa: F401  (after application: it extends the applications admin)
)
