"""A live server in a thread and a real Chromium driven by Playwright."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import missing_service

CHROMIUM = os.environ.get("ANTAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Where Debian's Chromium is; its tests skip without it (and fail under CI=true)."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        missing_service("Chromium", FileNotFoundError(CHROMIUM))
    return CHROMIUM


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright, started once per session: a second sync instance cannot run beside it."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    yield playwright
    playwright.stop()


@pytest.fixture(scope="session")
def chromium(playwright_driver, chromium_executable):
    """Debian's Chromium, launched once per session."""
    browser = playwright_driver.chromium.launch(
        executable_path=chromium_executable, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def phone_page(chromium, live_server):
    """A fresh phone-sized page with its own cookies."""
    context = chromium.new_context(
        viewport=PHONE, base_url=live_server, locale="id-ID", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server)
    page = context.new_page()
    yield page
    context.close()


def save_screenshot(page, name: str) -> Path:
    """Keep a screenshot as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
