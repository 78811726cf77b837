"""Admin for applications and their history."""
