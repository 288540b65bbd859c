"""API clients (the systems that send Open311 requests with a key) over HTTP: register, list, read,
revoke. Who may: `domain/clients/permissions.py`; the key rules: `domain/clients/model.py`.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response, status

from api.http.deps import WRITES, PrincipalDep, ServicesDep
from api.http.fresh import fresh
from api.http.schemas.api_clients import ApiClientOut, ApiClientPage, RegisterClient, RegisteredClient, RevokeClient
from api.http.schemas.common import Limit, Offset
from api.http.versions import IfMatch, expected_version
from domain.accounts.principal import Principal
from domain.clients.model import ApiClient
from domain.clients.permissions import ClientCommand, authorize
from projections.clients.view import list_clients

router = APIRouter(prefix="/api/v1/api-clients", tags=["api clients"])


def permit(command: ClientCommand) -> Any:
    """`Depends` that asks the domain's table about the caller, before the route runs."""

    def ask(principal: PrincipalDep) -> Principal:
        authorize(command, principal)
        return principal

    return Depends(ask)


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=WRITES)
def register_client(
    body: RegisterClient, svc: ServicesDep, who: Annotated[Principal, permit(ClientCommand.REGISTER)]
) -> RegisteredClient:
    """Registers a client system; the answer carries its `key`, which no later answer shows again."""
    client, key = svc.app.register_client(name=body.name, actor=who.username, reason=body.reason)
    return RegisteredClient(**_fields(client), key=key)


@router.get("", dependencies=[permit(ClientCommand.READ), fresh("api_clients")])
def list_api_clients(
    svc: ServicesDep,
    revoked: Annotated[bool | None, Query(description="true: only revoked clients; false: only working ones")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> ApiClientPage:
    total, rows = list_clients(svc.engine, revoked=revoked, limit=limit, offset=offset)
    return ApiClientPage(
        total=total, items=[ApiClientOut(**row, revoked=row["revoked_at"] is not None) for row in rows]
    )


@router.get("/{client_id}", dependencies=[permit(ClientCommand.READ)])
def get_api_client(client_id: UUID, svc: ServicesDep, response: Response) -> ApiClientOut:
    client = svc.app.api_client(client_id)
    response.headers["ETag"] = f'"{client.version}"'
    return ApiClientOut(**_fields(client))


@router.post("/{client_id}/revoke", dependencies=WRITES)
def revoke_client(
    client_id: UUID,
    body: RevokeClient,
    svc: ServicesDep,
    who: Annotated[Principal, permit(ClientCommand.REVOKE)],
    response: Response,
    if_match: IfMatch = None,
) -> ApiClientOut:
    """Revokes the key for good (409 if it already is, or if If-Match names a stale version)."""
    client = svc.app.revoke_client(
        client_id, actor=who.username, reason=body.reason, expected_version=expected_version(if_match)
    )
    response.headers["ETag"] = f'"{client.version}"'
    return ApiClientOut(**_fields(client))


def _fields(client: ApiClient) -> dict[str, Any]:
    return dict(
        id=client.id, name=client.name, registered_at=client.registered_at, registered_by=client.registered_by,
        revoked=client.revoked, revoked_at=client.revoked_at, revoked_by=client.revoked_by,
        revoke_reason=client.revoke_reason, version=client.version,
    )  # fmt: skip
