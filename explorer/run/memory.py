"""Memory a long-running server hands back once its caches are dropped."""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys


M_ARENA_MAX = -8  # glibc's mallopt parameter


def fewer_arenas(limit: int = 2) -> None:
    """Let glibc's allocator keep at most ``limit`` arenas from now on (by default 8 per core): each thread that
    allocates while another holds an arena gets one of its own, and memory freed into an arena stays there,
    fragmented, where ``malloc_trim`` cannot return it. Arenas made before the call stay: the environment's
    ``MALLOC_ARENA_MAX=2`` (``explorer view`` sets it) caps them from the start. In the page's soak (3 rounds
    of 5 sessions, one run each) the server kept 533, 631, 750 MB after the rounds with glibc's default; 446,
    538, 664 MB with this call; 287, 386, 350 MB with the environment's."""
    name = ctypes.util.find_library("c")
    if name:
        try:
            ctypes.CDLL(name).mallopt(M_ARENA_MAX, limit)
        except (OSError, AttributeError):  # not glibc: nothing to do
            pass


def give_back() -> None:
    """Collect garbage and ask the C allocator to return its free pages to the system (glibc's
    ``malloc_trim``): without it, freed arrays of a few MB stay in the process's heap for good."""
    gc.collect()
    if "pyarrow" in sys.modules:  # the readers' Arrow buffers come from its own pool (jemalloc), which keeps them
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    name = ctypes.util.find_library("c")
    if name:
        try:
            ctypes.CDLL(name).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc: nothing more to do
            pass

