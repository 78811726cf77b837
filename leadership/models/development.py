"""The old home of the training and gathering models, now in training.py and gatherings.py.

Migration 0003 names `leadership.models.development.material_path` as an upload path, so
that name must stay importable here.
"""

from .training import material_path

__all__ = ["material_path"]
