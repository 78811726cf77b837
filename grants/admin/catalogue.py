"""Admin for programs, rounds and rubrics."""
