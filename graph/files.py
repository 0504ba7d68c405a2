"""Folders written whole or not at all: what the store folder keeps besides the database."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DONE = "done"  # written last: a folder without it was never finished, and readers skip it


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
    tmp.mkdir(parents=True)
    try:
        yield tmp
        (tmp / DONE).write_text("", encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
