"""Fixtures for the browser tests (tests/test_browser.py imports them).

One Streamlit server for the whole session, one headless Debian chromium, and a
fresh browser context (its own cookies, so its own Streamlit session) per test.
Plain ``playwright.sync_api``: no pytest-playwright needed.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"  # gitignored: server logs, screenshots
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SERVER_START_SECONDS = 90
TIMEOUT_MS = 90_000  # two busy cores, software rendering: be patient


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health(url: str) -> str:
    """The body of ``/_stcore/health`` ('ok' when the server is up), or the error."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            return response.read().decode().strip()
    except (urllib.error.URLError, OSError) as error:
        return f"unreachable: {error}"


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        hint = (f"{CHROMIUM} not found: install Debian's chromium for the browser tests "
                "(apt-get install -y chromium fonts-noto-cjk; never `playwright install`)")
        if os.environ.get("CI"):
            pytest.fail(hint)
        pytest.skip(hint)
    return CHROMIUM


@pytest.fixture(scope="session")
def app_url(chromium_path):
    """``streamlit run app.py`` on a free port; yields its URL, stops that process only."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    log_path = ARTIFACTS / "streamlit-server.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while health(url) != "ok":
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with code {proc.returncode} before it was healthy; "
                            f"log {log_path}:\n{_log_tail(log_path)}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after {SERVER_START_SECONDS} s; "
                            f"log {log_path}:\n{_log_tail(log_path)}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, request):
    """Factory for fresh contexts (one Streamlit session each); all closed after the test.

    Page console errors and uncaught exceptions are collected in ``context.errors``.
    """
    contexts = []
    failures_before = request.session.testsfailed

    def make(width: int = 1400, height: int = 1000):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
        context.set_default_timeout(TIMEOUT_MS)
        context.errors = []
        context.on("page", lambda page: page.on("pageerror", lambda exc: context.errors.append(str(exc))))
        contexts.append(context)
        return context

    yield make
    failed = request.session.testsfailed > failures_before  # this test's call phase failed
    for i, context in enumerate(contexts):
        if failed:
            for j, page in enumerate(context.pages):
                try:
                    page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}-{i}-{j}.png"))
                except Exception:
                    pass
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def copy_to_docs(source: Path, name: str) -> Path | None:
    """Copy a screenshot into docs/ when EXPLORER_UPDATE_DOCS=1 (the README shows it)."""
    if os.environ.get("EXPLORER_UPDATE_DOCS") != "1":
        return None
    target = ROOT / "docs" / name
    shutil.copyfile(source, target)
    return target
