"""The API client register: which systems hold a key, who registered and revoked it; no key material."""
