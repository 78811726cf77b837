from . import (
    application,  # noqa: F401
    review,  # noqa: F401  (after application: it extends the applications admin)
)
