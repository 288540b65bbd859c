"""Recording audit queries."""

from __future__ import annotations

from typing import Any

from domain.audit.model import AccessRecord
from domain.store import Store


class AuditCommands(Store):
    def record_access(self, *, what: str, params: dict[str, Any], actor: str) -> AccessRecord:
        record = AccessRecord.record(what=what, params=params, actor=actor, reason="audit query", at=self.clock.now())
        self.commit(record)
        return record
