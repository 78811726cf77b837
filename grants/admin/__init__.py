from . import awards  # noqa: F401
