"""Adapters: how the service meets the world outside the domain (clock, files, keys, storage formats)."""
