"""The issue timeline: every event of an issue in order, with who, why and a readable line."""
