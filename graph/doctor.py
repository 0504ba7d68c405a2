"""``civicgraph doctor``: is this installation private? Warnings that name the fix.

>>> [f.check for f in privacy_findings("", roles_file="")]
['roles file']
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from graph.files import readable_by_others


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    message: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def privacy_findings(store_folder: str | Path | None, *, roles_file: str) -> list[Finding]:
    """What ``doctor`` reports: the store folder (and what is in it) readable by others, the roles file."""
    found: list[Finding] = []
    if store_folder:
        folder = Path(store_folder)
        if not folder.exists():
            found.append(Finding("store folder", True, f"{folder} does not exist yet; CivicGraph will create it "
                                                       "readable by you only"))
        else:
            open_to_others = [p for p in [folder, *sorted(folder.rglob("*"))]
                              if not p.is_symlink() and readable_by_others(p)]
            if open_to_others:
                shown = ", ".join(str(p) for p in open_to_others[:3])
                more = f" and {len(open_to_others) - 3} more" if len(open_to_others) > 3 else ""
                found.append(Finding("store folder", False, f"{shown}{more} can be read by other users of this "
                                     f'machine; run "chmod -R go-rwx {folder}"'))
            else:
                found.append(Finding("store folder", True, f"{folder} is readable by you only"))
    if not roles_file:
        found.append(Finding("roles file", False, "there is no roles file: whoever can run civicgraph here is an "
                             "admin with confidential clearance; write one (docs/security.md) and set "
                             "CIVICGRAPH_ROLES_FILE"))
    elif not Path(roles_file).expanduser().exists():
        found.append(Finding("roles file", False, f"the roles file {roles_file} (CIVICGRAPH_ROLES_FILE) does not "
                             "exist; create it or unset the setting"))
    else:
        found.append(Finding("roles file", True, f"roles come from {roles_file}"))
    return found
