"""Admin for users, communities and invitations."""
