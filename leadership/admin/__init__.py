from . import (
    development,  # noqa: F401
    people,  # noqa: F401
)
