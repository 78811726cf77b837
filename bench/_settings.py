"""Settings for benches that serve the app: production settings plus a bench-only URLconf."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench._urls"
