"""The one dependency through which every issue route asks the domain's permission table."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.auth.permits import Permits
from api.http.deps import PrincipalDep, ServicesDep, TreeDep


def permits(principal: PrincipalDep, tree: TreeDep, svc: ServicesDep) -> Permits:
    return Permits(principal, tree, svc.app)


PermitsDep = Annotated[Permits, Depends(permits)]
