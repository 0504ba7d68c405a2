"""Who is using CivicGraph, and what they may do: roles and clearances from local configuration.

Two ways in, one answer (a :class:`graph.viewer.Viewer`):

* **Single machine** (the default): the user is the operating-system user. With no
  roles file, that user is admin with confidential clearance: whoever can run the
  program can read the database folder anyway, so a lesser role inside the app
  would protect nothing. With a roles file (setting ``roles_file``), users are
  looked up there and anyone not listed is a viewer with public clearance.
* **Agency deployment** (OIDC login in the dashboard): the user comes from the
  identity provider's claims, roles from its groups claim mapped in the same file.
  Nobody is given more than the ``[default]`` grant (viewer/public) unless the file
  says so.

The roles file (TOML; YAML with the same shape also works)::

    [default]                      # anyone not matched below
    role = "viewer"
    clearance = "public"

    [users.ana]                    # an operating-system user or an e-mail from the login
    role = "admin"
    clearance = "confidential"

    [groups."civicgraph-editors"]  # a value of the identity provider's groups claim
    role = "editor"
    clearance = "internal"

    [oidc]
    groups_claim = "groups"        # which claim holds the groups
    user_claim = "email"           # which claim names the user

A person in several groups gets the highest role and the highest clearance among
them; an entry under ``[users]`` overrides the groups.
"""
from __future__ import annotations

import datetime as dt
import getpass
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import settings
from graph.errors import InputError
from graph.model import Confidentiality, Role
from graph.viewer import Viewer

_ROLE_ORDER = [Role.VIEWER, Role.EDITOR, Role.ADMIN]


@dataclass(frozen=True)
class Grant:
    role: Role
    clearance: Confidentiality


VIEWER_PUBLIC = Grant(Role.VIEWER, Confidentiality.PUBLIC)
LOCAL_OWNER = Grant(Role.ADMIN, Confidentiality.CONFIDENTIAL)


@dataclass
class AccessConfig:
    users: dict[str, Grant] = field(default_factory=dict)
    groups: dict[str, Grant] = field(default_factory=dict)
    default: Grant = VIEWER_PUBLIC
    groups_claim: str = "groups"
    user_claim: str = "email"
    source: Path | None = None  # the roles file, None when there is none


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers  # noqa: BLE001
        return "local"


def load_access(path: str | Path | None = None) -> AccessConfig:
    """The roles file named by ``path`` or the ``roles_file`` setting; an empty config if none.

    >>> load_access("").source is None
    True
    """
    path = settings.get("roles_file") if path is None else path
    if not path:
        return AccessConfig()
    path = Path(path).expanduser()
    if not path.exists():
        raise InputError(f"the roles file {path} (CIVICGRAPH_ROLES_FILE) does not exist; create it or unset "
                         "the setting")
    try:
        if path.suffix.lower() in (".yml", ".yaml"):
            import yaml

            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        else:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise InputError(f"the roles file {path} cannot be read: {exc}") from None
    oidc = data.get("oidc") or {}
    return AccessConfig(
        users={str(k): _grant(v, path, f"users.{k}") for k, v in (data.get("users") or {}).items()},
        groups={str(k): _grant(v, path, f"groups.{k}") for k, v in (data.get("groups") or {}).items()},
        default=_grant(data["default"], path, "default") if "default" in data else VIEWER_PUBLIC,
        groups_claim=str(oidc.get("groups_claim", "groups")),
        user_claim=str(oidc.get("user_claim", "email")),
        source=path,
    )


def _grant(entry: Any, path: Path, where: str) -> Grant:
    if not isinstance(entry, Mapping):
        raise InputError(f"{path}: [{where}] should have role = ... and clearance = ...")
    try:
        return Grant(Role(entry.get("role", "viewer")), Confidentiality(entry.get("clearance", "public")))
    except ValueError as exc:
        raise InputError(f"{path}: [{where}] {exc}; roles are viewer, editor, admin and clearances "
                         "public, internal, confidential") from None


def local_viewer(user: str | None = None, config: AccessConfig | None = None) -> Viewer:
    """The viewer for the operating-system user (CLI and single-machine dashboard)."""
    config = load_access() if config is None else config
    user = user or os_user()
    if config.source is None:
        grant = LOCAL_OWNER
    else:
        grant = config.users.get(user, config.default)
    return Viewer(user, grant.role, grant.clearance)


def oidc_viewer(claims: Mapping[str, Any], config: AccessConfig | None = None) -> Viewer:
    """The viewer for a user signed in through the identity provider (``st.user``'s claims).

    >>> cfg = AccessConfig(groups={"cg-editors": Grant(Role.EDITOR, Confidentiality.INTERNAL)})
    >>> oidc_viewer({"email": "ana@agency.gov", "groups": ["staff", "cg-editors"]}, cfg)
    Viewer(user='ana@agency.gov', role=<Role.EDITOR: 'editor'>, clearance=<Confidentiality.INTERNAL: 'internal'>)
    """
    config = load_access() if config is None else config
    user = str(claims.get(config.user_claim) or claims.get("preferred_username") or claims.get("sub") or "")
    if not user:
        raise InputError(f"the identity provider sent no {config.user_claim} or sub claim; check [auth] settings")
    if user in config.users:
        grant = config.users[user]
    else:
        groups = claims.get(config.groups_claim) or []
        if isinstance(groups, str):
            groups = [g.strip() for g in groups.replace(",", " ").split()]
        grants = [config.groups[g] for g in groups if g in config.groups] or [config.default]
        grant = Grant(max((g.role for g in grants), key=_ROLE_ORDER.index),
                      max((g.clearance for g in grants), key=lambda c: c.rank))
    return Viewer(user, grant.role, grant.clearance)


def login_time(claims: Mapping[str, Any]) -> dt.datetime | None:
    """When the user authenticated: ``auth_time`` if the provider sends it, else ``iat``."""
    for key in ("auth_time", "iat"):
        value = claims.get(key)
        if value is not None:
            try:
                return dt.datetime.fromtimestamp(float(value), dt.timezone.utc)
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def login_expired(claims: Mapping[str, Any], *, max_age_hours: float | None = None,
                  now: dt.datetime | None = None, first_seen: dt.datetime | None = None) -> bool:
    """True when the login is older than ``session_max_age_hours``.

    Streamlit's identity cookie lives 30 days whatever the token said, so the app
    checks the token's own time; without one, the time the app first saw this
    login (``first_seen``) stands in, and with neither the login counts as expired.

    >>> import datetime as dt
    >>> t = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    >>> login_expired({"iat": t.timestamp()}, max_age_hours=12, now=t + dt.timedelta(hours=13))
    True
    >>> login_expired({"iat": t.timestamp()}, max_age_hours=12, now=t + dt.timedelta(hours=1))
    False
    """
    hours = float(settings.get("session_max_age_hours")) if max_age_hours is None else max_age_hours
    now = now or dt.datetime.now(dt.timezone.utc)
    started = login_time(claims) or first_seen
    if started is None:
        return True
    return now - started > dt.timedelta(hours=hours)
