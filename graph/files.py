"""Folders written whole or not at all, and private: what CivicGraph writes besides the database.

Everything CivicGraph writes (the store folder, the insights cache, backups, exports,
reject files) is readable by its owner only: folders 0700, files 0600. The entry points
(the CLI, the dashboard) set the umask to 077 with :func:`private_umask`; the library
also tightens what it creates itself, so a program that imports it gets the same.
"""
from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DONE = "done"  # written last: a folder without it was never finished, and readers skip it
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600


def private_umask() -> int:
    """Make every file this process creates from now on private (umask 077); returns the old umask."""
    return os.umask(0o077)


def private_dir(folder: str | Path) -> Path:
    """Create ``folder`` (and missing parents) readable by its owner only; returns it.

    Only the folders created here are tightened: a folder the user made and shares keeps its mode.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     oct(private_dir(Path(d) / "a" / "b").stat().st_mode & 0o777)
    '0o700'
    """
    folder = Path(folder)
    missing = [p for p in [folder, *folder.parents] if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    for created in missing:
        os.chmod(created, PRIVATE_DIR)
    return folder


def private_file(path: str | Path) -> Path:
    """Make a file CivicGraph wrote readable by its owner only; returns it."""
    os.chmod(path, PRIVATE_FILE)
    return Path(path)


def private_tree(folder: str | Path) -> Path:
    """Tighten a folder CivicGraph wrote and everything in it (0700 folders, 0600 files)."""
    folder = Path(folder)
    os.chmod(folder, PRIVATE_DIR)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(root, name), PRIVATE_DIR)
        for name in files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, PRIVATE_FILE)
    return folder


def readable_by_others(path: str | Path) -> bool:
    """True when group or others may read (or enter) ``path``."""
    return bool(Path(path).stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


@contextmanager
def whole_folder(folder: str | Path) -> Iterator[Path]:
    """Yield an empty sibling of ``folder`` to fill; on success it gets ``done`` and replaces ``folder``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with whole_folder(Path(d) / "x") as tmp:
    ...         _ = (tmp / "a.txt").write_text("1")
    ...     sorted(p.name for p in (Path(d) / "x").iterdir())
    ['a.txt', 'done']
    """
    folder = Path(folder)
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    private_dir(tmp)
    try:
        yield tmp
        (tmp / DONE).write_text("", encoding="utf-8")
        private_tree(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
