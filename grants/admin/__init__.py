from . import catalogue  # noqa: F401
