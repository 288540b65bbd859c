"""Recording audit queries."""

from __future__ import annotations

from typing import Any

from domain.application_base import ApplicationBase
from domain.audit.model import AccessRecord


class AuditCommands(ApplicationBase):
    def record_access(self, *, what: str, params: dict[str, Any], actor: str) -> AccessRecord:
        record = AccessRecord.record(what=what, params=params, actor=actor, reason="audit query", at=self.clock.now())
        self.commit(record)
        return record
