"""The one dependency through which every monitoring and standards route asks the domain's table."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.auth.monitoring_permits import MonitoringPermits
from api.http.deps import PrincipalDep, ServicesDep, TreeDep


def monitoring_permits(principal: PrincipalDep, tree: TreeDep, svc: ServicesDep) -> MonitoringPermits:
    return MonitoringPermits(principal, tree, svc.app)


MonitoringPermitsDep = Annotated[MonitoringPermits, Depends(monitoring_permits)]
