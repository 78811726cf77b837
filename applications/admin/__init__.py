from . import application  # noqa: F401
from . import review  # noqa: F401  (after application: it extends the applications admin)
