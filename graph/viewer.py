"""Who is asking. Every read and write in the library takes a Viewer."""
from __future__ import annotations

import getpass
from dataclasses import dataclass

from graph.errors import PermissionDenied
from graph.model import Confidentiality, Role


@dataclass(frozen=True)
class Viewer:
    user: str
    role: Role = Role.VIEWER
    clearance: Confidentiality = Confidentiality.PUBLIC

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", Role(self.role))
        object.__setattr__(self, "clearance", Confidentiality(self.clearance))

    @property
    def visible(self) -> list[str]:
        """Confidentiality levels this viewer may see; every query filters with it."""
        return Confidentiality.visible_to(self.clearance)

    def can_see(self, level: str | None) -> bool:
        return (level or Confidentiality.PUBLIC.value) in self.visible

    @property
    def can_write(self) -> bool:
        return self.role in (Role.EDITOR, Role.ADMIN)

    def require_write(self, action: str) -> None:
        if not self.can_write:
            raise PermissionDenied(
                f"{self.user} is a {self.role.value} and may not {action}; ask an admin for the editor role"
            )

    def require_admin(self, action: str) -> None:
        if self.role is not Role.ADMIN:
            raise PermissionDenied(f"{self.user} is a {self.role.value} and may not {action}; only admins may")


def system_viewer() -> Viewer:
    """The local operating-system user with full rights, for scripts that act as the system (the
    benchmarks). The CLI does not use it: its viewer comes from the roles file (graph/access.py)."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some containers
        user = "local"
    return Viewer(user, Role.ADMIN, Confidentiality.CONFIDENTIAL)
