"""The one dependency through which every pairing route asks the domain's pairing permission table."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.auth.pairing_permits import PairingPermits
from api.http.deps import PrincipalDep, ServicesDep, TreeDep
from domain.accounts.principal import Principal
from domain.accounts.roles import Role


def pairing_permits(principal: PrincipalDep, tree: TreeDep, svc: ServicesDep) -> PairingPermits:
    return PairingPermits(principal, tree, svc.app)


PairingPermitsDep = Annotated[PairingPermits, Depends(pairing_permits)]


def not_read_only(caller: PrincipalDep) -> Principal:
    """Refuses auditors before anything else; a helper may hold no role at all (a cadre, a party member)."""
    read_only = bool(caller.grants) and all(g.role == Role.AUDITOR for g in caller.grants)
    caller.require(not read_only, "change anything: auditors are read-only")
    return caller


PAIRING_WRITES = [Depends(not_read_only)]
