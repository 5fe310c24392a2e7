"""Memory a long-running server hands back once its caches are dropped."""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
# Blocks this big or bigger get pages of their own. 128 KB (glibc's first value) cost an anchor click at 10k
# rows ~40 ms more (medians of 12: 0.249 and 0.277 s against 0.217 and 0.227 s); 4 MB measured no cost.
MMAP_THRESHOLD = 4 * 2**20


def _libc():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def big_blocks_apart() -> None:
    """Every block of MMAP_THRESHOLD or more gets pages of its own from now on, which go back to the system the
    moment it is freed. glibc starts so, but raises its threshold to the size of each such block freed (up to
    32 MB); after that, arrays of a few MB are carved out of its arenas (one per thread that allocated under
    contention), and freed space there stays, fragmented, out of ``malloc_trim``'s reach. Setting the threshold
    keeps it. The page's soak (3 rounds of 5 browser sessions) kept 533, 631, 750 MB after the rounds without
    this, 317, 327, 338 MB with it."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):  # glibc; elsewhere nothing to do
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def give_back() -> None:
    """Collect garbage and ask the C allocator to return its free pages to the system (glibc's
    ``malloc_trim``): without it, freed arrays of a few MB stay in the process's heap for good."""
    gc.collect()
    if "pyarrow" in sys.modules:  # the readers' Arrow buffers come from its own pool (jemalloc), which keeps them
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):  # glibc; elsewhere nothing more to do
        libc.malloc_trim(0)

