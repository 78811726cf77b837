from . import application, assignments, privacy, reviewer_profiles  # noqa: F401  (each module registers its admin)
