"""Departments, the issue category catalogue with its time limits, and the working calendar."""
