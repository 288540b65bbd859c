"""Accounts and the roles granted to them; grants and revocations are audit facts."""
