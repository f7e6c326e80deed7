"""Identity: users, credentials, sessions, login history."""
