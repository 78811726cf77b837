from . import (
    awards,  # noqa: F401
    catalogue,  # noqa: F401
)
