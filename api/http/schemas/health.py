"""Answers of the health endpoints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Health(BaseModel):
    status: Literal["ok"]
    log_position: int


class Readiness(BaseModel):
    ready: bool
    log_position: int
    problems: list[str]
