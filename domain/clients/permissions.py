"""Who may run each API client command: the permission table, as data.

Keys let another system put requests into the grid's log, so only administrators hand them out and
take them back; auditors read the register (who was given a key, by whom, when it was revoked and
why) and change nothing. The table names no grid scope: a client belongs to the whole district.
"""

from __future__ import annotations

from enum import StrEnum

from domain.accounts.principal import Principal
from domain.accounts.roles import Role
from domain.shared.errors import ForbiddenError


class ClientCommand(StrEnum):
    REGISTER = "register_client"  # 接入系统登记, the key handed out once
    REVOKE = "revoke_client"  # 停用密钥
    READ = "read_clients"


_ADMIN = frozenset({Role.ADMIN})

PERMISSIONS: dict[ClientCommand, frozenset[Role]] = {
    ClientCommand.REGISTER: _ADMIN,
    ClientCommand.REVOKE: _ADMIN,
    ClientCommand.READ: _ADMIN | {Role.AUDITOR},
}


def authorize(command: ClientCommand, principal: Principal) -> None:
    """Refuses (403 naming who may) unless the caller holds a role the table names for `command`."""
    allowed = PERMISSIONS[command]
    if not principal.has(*allowed):
        who = " or ".join(sorted(allowed))
        raise ForbiddenError(f"{principal.username} may not {command}: only {who} may", field="role")


def matrix() -> list[tuple[str, str, str]]:
    """The table as rows (command, who, scope), in the shape of the other tables' `matrix()`."""
    return [(str(c), ", ".join(sorted(roles)), "everything") for c, roles in PERMISSIONS.items()]
