"""Accounts: families, guardians, children, users, sessions and the login history."""
