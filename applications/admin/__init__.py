from . import application, assignments, decision_messages, reviewer_profiles  # noqa: F401  (each module registers its admin)
