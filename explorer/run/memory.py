"""Memory a long-running server hands back once its caches are dropped."""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys


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

