from . import application, assignments, decision_messages, privacy, reviewer_profiles  # noqa: F401  (each module registers its admin)
