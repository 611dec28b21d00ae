"""Pages in a real browser: Debian's headless Chromium, its DOM after the scripts ran and its console errors."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--virtual-time-budget=15000",
]
"""Offline, no GPU; virtual time lets every timer and promise of the page settle before the DOM is taken."""
CONSOLE_ERROR = re.compile(r':CONSOLE[^\]]*\] "((?:Uncaught|Error)[^"]*)"')


@dataclass(frozen=True)
class RenderedPage:
    dom: str
    """The page's HTML after its scripts ran."""
    script_errors: list[str]
    """Uncaught errors and console errors, as the console printed them."""


def chromium() -> str:
    """The Chromium executable; skips the test, saying how to install it, where there is none."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("no Chromium here: apt-get install -y chromium (make test installs it where it can)")
    return found


def render(page: Path) -> RenderedPage:
    """Open ``page`` in headless Chromium and return its DOM and script errors."""
    completed = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, "--enable-logging=stderr", "--v=0", "--dump-dom", page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return RenderedPage(dom=completed.stdout, script_errors=CONSOLE_ERROR.findall(completed.stderr))
