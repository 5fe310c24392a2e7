"""The page's housekeeper: a closed tab's session is shut down after a grace period (its uploads go with it), and
once nobody is left the caches and finished jobs are dropped."""
from __future__ import annotations

import time

from views import cached


class Board:
    cleared = 0

    def clear(self) -> None:
        self.cleared += 1


def wait_for(condition, limit: float = 5.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_closed_sessions_are_shut_down_after_a_grace_period_and_memory_given_back(monkeypatch):
    open_now, shut = {"a": True, "b": False}, []
    monkeypatch.setattr(cached, "IDLE_CLEAR_SECONDS", 0.4)
    monkeypatch.setattr(cached, "RECONNECT_SECONDS", 0.5)
    monkeypatch.setattr(cached, "_alive", lambda holder: open_now.get(holder, False))
    monkeypatch.setattr(cached, "_shut_down", shut.append)
    monkeypatch.setattr(cached, "give_back", lambda: None)
    monkeypatch.setattr(cached.Housekeeper, "sessions", set())
    board = Board()
    cached.Housekeeper.saw("a")
    cached.Housekeeper.saw("b")
    started = time.monotonic()
    cached.Housekeeper(board)

    assert wait_for(lambda: shut == ["b"])  # closed: shut down once its browser had time to come back
    assert time.monotonic() - started >= 0.5 and board.cleared == 0  # "a" is still open: nothing cleared
    open_now["a"] = False
    assert wait_for(lambda: board.cleared == 1)  # nobody left: the caches go
    assert wait_for(lambda: shut == ["b", "a"])
    time.sleep(0.5)
    assert board.cleared == 1 and shut == ["b", "a"] and not cached.Housekeeper.sessions  # once each
