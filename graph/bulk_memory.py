"""Memory settings for the bulk passes (an import, the analytics refresh): :func:`for_bulk_work`.

numpy asks the kernel for huge pages (``madvise(MADV_HUGEPAGE)``) for every array of 4 MiB or
more. Where the kernel defragments memory for such a request (transparent huge pages in
``madvise`` mode, the default on many distributions), a page fault on a fresh array can stall
while the kernel compacts memory. The bulk passes that allocate many such arrays (the analytics
refresh, an import) run inside :func:`without_huge_pages`.

Arrow's default allocator in recent pyarrow wheels is mimalloc. On the benchmark region's import it
took more system time and memory than jemalloc (2026-12-04, the same code alone on the machine, one
run each: 132.0 s wall, 20.7 s system time, 3.89 GB peak with mimalloc; 124.4 s, 11.9 s, 3.39 GB
with jemalloc): an import uses jemalloc where the wheel has it (:func:`arrow_jemalloc`).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_huge_pages():
    """numpy's large arrays without ``madvise(MADV_HUGEPAGE)`` inside the block. Measured on the
    shared 2-core machine: the strength table of the benchmark region
    took 1.0-3.5 s of CPU with huge pages and 0.85-1.3 s without, most of the difference kernel
    time (``/usr/bin/time``: 8.8 s system time against 1.7-2.1 s for the same script); the benchmark
    region's import spent 45 s of system time with them, 21 s without (2026-12-04). The results are
    the same; forked workers inherit the setting.

    >>> with without_huge_pages():
    ...     pass
    """
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # numpy < 2
        try:
            from numpy.core.multiarray import _set_madvise_hugepage
        except ImportError:  # a numpy without the switch (not public API): as it is
            yield
            return
    before = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(before)


@contextmanager
def arrow_jemalloc() -> Iterator[None]:
    """Arrow's buffers from jemalloc inside the block (where pyarrow was built with it; else as it is).
    A buffer keeps the allocator it came from, so one made inside may be used and freed after."""
    import pyarrow as pa

    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc
        yield
        return
    before = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(before)


@contextmanager
def for_bulk_work() -> Iterator[None]:
    """Both: numpy without huge pages, Arrow on jemalloc.

    >>> with for_bulk_work():
    ...     pass
    """
    with without_huge_pages(), arrow_jemalloc():
        yield
