"""Pairing states and the one transition table every pairing command checks.

Who may run each command, and where, is the permission table beside it (`permissions.py`).
"""

from __future__ import annotations

from domain.pairings.values import PairingCommand, PairingStatus
from domain.shared.errors import IllegalTransitionError

C = PairingCommand
ALLOWED: dict[PairingStatus, tuple[PairingCommand, ...]] = {
    PairingStatus.ACTIVE: (C.LOG_CONTACT, C.CHANGE_HELPER, C.REQUEST_END),
    # Still running while the grid decides: contacts go on being owed and logged (不转化不脱钩).
    PairingStatus.END_REQUESTED: (C.LOG_CONTACT, C.APPROVE_END, C.DECLINE_END),
    PairingStatus.ENDED: (),
}


def require(status: PairingStatus, command: PairingCommand) -> None:
    allowed = ALLOWED[status]
    if command not in allowed:
        raise IllegalTransitionError(
            f"cannot {command} a pairing that is {status}", state=str(status), allowed=[str(c) for c in allowed]
        )
