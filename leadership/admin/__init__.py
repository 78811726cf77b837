from . import people  # noqa: F401
from . import development  # noqa: F401
