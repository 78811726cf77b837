from . import (
    gatherings,  # noqa: F401
    people,  # noqa: F401
    privacy,  # noqa: F401
    training,  # noqa: F401
)
