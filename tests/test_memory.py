"""Memory a long-running server hands back: big blocks freed go back to the system at once (run.memory)."""
from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from conftest import ROOT

# In a fresh process: free one 30 MB block (glibc then raises its mmap threshold to 30 MB), then make 200 MB of
# 5 MB arrays with a small lasting object after each (as a page's run leaves), free the arrays: how much stays.
KEPT = """
import sys, numpy as np, psutil
from explorer.run.memory import big_blocks_apart
if sys.argv[1] == "apart":
    big_blocks_apart()
rss = lambda: psutil.Process().memory_info().rss / 2**20
before = rss()
big = np.ones(30 * 2**20 // 8); del big
blocks, lasting = [], []
for _ in range(40):
    blocks.append(np.ones(5 * 2**20 // 8))
    lasting.append(bytes(2000) + b"x")
del blocks
print(rss() - before)
"""


def kept_mb(how: str) -> float:
    env = {name: value for name, value in os.environ.items() if not name.startswith("MALLOC_")}  # glibc's own
    done = subprocess.run([sys.executable, "-c", KEPT, how], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return float(done.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator")
def test_big_blocks_freed_go_back_to_the_system_at_once():
    assert kept_mb("default") > 150  # glibc's own way: the arrays' pages stay with the process
    assert kept_mb("apart") < 30
