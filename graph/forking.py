"""Whether this process may fork a second one for CPU-bound work (brokerage, the resolver).

A fork copies every lock as it stands, but only the forking thread: a lock another thread held
at that moment stays held in the child for ever, and the child hangs on it. The dashboard runs
each page, and the analytics refresh, on threads of its server, so it must not fork; the CLI and
the benchmarks (one thread) may. The work then runs in this process, with the same result.
"""
from __future__ import annotations

import multiprocessing as mp
import threading


def can_fork() -> bool:
    """Whether a second process may be forked: where the platform forks, and only from a
    single-threaded process (a server such as the dashboard runs each page on its own thread, and
    a fork copies the locks other threads hold)."""
    return "fork" in mp.get_all_start_methods() and threading.active_count() == 1
