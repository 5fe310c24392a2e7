"""What ``explorer view FILE`` hands the page it starts: the file (and its TF-Projector metadata) and the methods
to show first, in one environment variable of the Streamlit process; and starting that process.

The page reads it with :func:`opened` and shows the file as its source (a sample or an upload stays one click
away); without the variable (``streamlit run app.py``) the page starts on a sample, as before.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

ENV = "EXPLORER_OPEN"


@dataclass(frozen=True)
class Opened:
    path: str
    metadata: str | None = None
    methods: tuple[str, ...] = ("pca",)

    @property
    def name(self) -> str:
        """How the page names it: the file's name (and the metadata file's)."""
        return Path(self.path).name + (f" + {Path(self.metadata).name}" if self.metadata else "")

    def to_env(self) -> dict[str, str]:
        """The variable that hands this to the page's process (absolute paths: the page runs elsewhere)."""
        value = {"path": str(Path(self.path).resolve()), "methods": list(self.methods),
                 "metadata": None if self.metadata is None else str(Path(self.metadata).resolve())}
        return {ENV: json.dumps(value, ensure_ascii=False)}


def opened(environ: Mapping[str, str] = os.environ) -> Opened | None:
    """The file the page was started with, or None (no variable, or one this version cannot read)."""
    raw = environ.get(ENV)
    if not raw:
        return None
    try:
        value = json.loads(raw)
        return Opened(str(value["path"]), None if value.get("metadata") is None else str(value["metadata"]),
                      tuple(str(m) for m in value.get("methods") or ("pca",)))
    except (ValueError, KeyError, TypeError):
        return None


def app_path() -> Path:
    """The page's app.py, beside this package in a checkout (it may be missing from a built wheel)."""
    return Path(__file__).resolve().parent.parent / "app.py"


def address_url(address: str, port: int) -> str:
    """Where a browser finds a page listening on ``address``: every interface is reached as localhost."""
    host = "localhost" if address in ("0.0.0.0", "::", "") else address
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def run_page(chosen: Opened, port: int, address: str, announce: Callable[[str], None]) -> int:
    """``streamlit run app.py`` on ``chosen`` until it ends, or until this process is stopped (Ctrl+C, SIGTERM),
    which stops it too. ``announce(url)`` once it is starting. The page's exit code (0 when stopped)."""
    app = app_path()
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port), "--server.address",
               address, "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    # from the project's folder: Streamlit reads the page's settings (.streamlit/config.toml) there
    page = subprocess.Popen(command, cwd=app.parent, env={**os.environ, **chosen.to_env()})
    announce(address_url(address, port))
    stopped = []

    def stop(*_) -> None:
        stopped.append(True)
        page.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        code = page.wait()
    except KeyboardInterrupt:  # Ctrl+C reaches the page too; make sure it ends
        stop()
        code = 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if page.poll() is None:
            try:
                page.wait(15)
            except subprocess.TimeoutExpired:
                page.kill()
                page.wait()
    return 0 if stopped else code
