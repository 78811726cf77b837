from . import application, assignments, reviewer_profiles  # noqa: F401  (each module registers its admin)
