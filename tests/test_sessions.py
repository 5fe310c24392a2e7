"""Many sessions, long uptime: a bounded soak through real browser sessions on one server (benchmarks/sessions.py).

One round: a worker killed under a session, four sessions at once (a shared job one of them cancels, a language
switcher, a tab closed mid-run, a cancel and run again), every tab closed, then SIGTERM while a t-SNE runs.
"""
from __future__ import annotations

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_sessions_show_their_panels_no_job_is_orphaned_memory_returns_and_sigterm_is_clean(browser):
    from benchmarks.sessions import SETTLE_MARGIN_MB, markdown, soak

    margin = SETTLE_MARGIN_MB  # the "~300 MB" (measured here: 50 to 87 MB above idle, 12 rounds)
    figures = soak(rounds=1, log=ROOT / "tests" / "artifacts" / "soak-server.log", margin_mb=margin,
                   browser=browser)
    print(markdown(figures))
    # every session showed its panels (soak raises if one did not) or its message: the crash was said quickly
    assert figures["sessions"] == 5 and len(figures["panels_s"]) == 3
    assert max(figures["crash_report_s"]) < 2.0, figures
    assert max(figures["orphan_s"]) < 5.0, figures  # the closed tab's job stopped
    assert figures["settled_mb"][-1] <= figures["idle_mb"] + margin, figures
    assert max(figures["settle_s"]) < 60.0, figures
    assert figures["sigterm_all_gone"] and figures["sigterm_s"] < 5.0, figures
    assert figures["log_problems"] == [], figures["log_problems"]
