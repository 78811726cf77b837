from . import application  # noqa: F401
