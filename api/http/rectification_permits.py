"""The one dependency through which every rectification route asks the domain's table."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.auth.rectification_permits import RectificationPermits
from api.http.deps import PrincipalDep, ServicesDep, TreeDep


def rectification_permits(principal: PrincipalDep, tree: TreeDep, svc: ServicesDep) -> RectificationPermits:
    return RectificationPermits(principal, tree, svc.app)


RectificationPermitsDep = Annotated[RectificationPermits, Depends(rectification_permits)]
