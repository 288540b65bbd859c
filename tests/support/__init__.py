"""Shared test fixtures' building blocks: databases, a seeded world, tokens."""
