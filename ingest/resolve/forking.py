"""Two processes for the resolver's big, independent halves of work (names parsed, pairs compared).

The forked copy inherits what its function reads (the callers set a module global before the
call), so nothing big is pickled; only its small result comes back.
"""
from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def in_two(there: Callable[..., Any], args: tuple, here: Callable[[], T]) -> tuple[T, Any]:
    """``here()`` in this process while ``there(*args)`` (a module-level function) runs in a
    forked copy of it; both results."""
    with mp.get_context("fork").Pool(1) as pool:
        forked = pool.apply_async(there, args)
        return here(), forked.get()
