"""Masking personal data for roles that do not need it."""

from __future__ import annotations


def mask_phone(phone: str) -> str:
    """Keeps the first three and last four digits, as Chinese public notices do (138****5678)."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"
