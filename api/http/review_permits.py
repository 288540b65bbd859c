"""The one dependency through which every review and position route asks the domain's table."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.auth.review_permits import ReviewPermits
from api.http.deps import PrincipalDep, ServicesDep, TreeDep


def review_permits(principal: PrincipalDep, tree: TreeDep, svc: ServicesDep) -> ReviewPermits:
    return ReviewPermits(principal, tree, svc.app)


ReviewPermitsDep = Annotated[ReviewPermits, Depends(review_permits)]
