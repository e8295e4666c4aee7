"""Accounts: members, passwords, sessions, roles, email verification, API tokens."""
