"""End to end in headless Chromium: upload a multi-page PDF, accept, override, reload, still there.

Needs Debian's chromium at /usr/bin/chromium and the playwright Python package (never
`playwright install`). Screenshots go to $FACET_E2E_SHOTS (default /tmp/facet-e2e).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.vocabulary import CRITERION_IDS
from tests.review.charts import write_chart_pdf

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("FACET_E2E_SHOTS", "/tmp/facet-e2e"))
REVIEWER = "Dr E2E Tester"
TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer on {url}")


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "FACET_DATA_DIR": str(tmp_path / "data")}
    log = (tmp_path / "streamlit.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, time.monotonic() + 60)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture
def browser_page() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian chromium at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        yield page
        browser.close()


def _settle(page: object) -> None:
    """Waits until the app has finished its current run (the 'Running...' widget is gone)."""
    time.sleep(0.5)
    page.locator("[data-testid=stStatusWidget]").wait_for(state="detached")  # type: ignore[attr-defined]
    time.sleep(0.5)


def _pick(page: object, combobox: object, option: str) -> None:
    """Chooses an option of a Streamlit selectbox (a react-aria combobox: type, then pick)."""
    for _ in range(5):
        time.sleep(0.5)  # let the expander finish opening
        combobox.click()  # type: ignore[attr-defined]
        combobox.fill(option)  # type: ignore[attr-defined]
        choice = page.get_by_role("option", name=option)  # type: ignore[attr-defined]
        if choice.count():
            choice.first.click()
            return
        combobox.press("Escape")  # type: ignore[attr-defined]
    raise AssertionError(f"option {option!r} never appeared")


def _shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def test_review_upload_accept_override_reload_keeps_decisions(
    browser_page: object, app_url: str, tmp_path: Path
) -> None:
    page = browser_page
    pdf = write_chart_pdf(tmp_path / "chart.pdf")
    page.goto(app_url)
    page.get_by_label("Your name").fill(REVIEWER)
    page.get_by_label("Your name").press("Enter")
    page.get_by_text("Chart files").first.wait_for()
    _settle(page)
    _shot(page, "01-start")

    page.locator("input[type=file]").first.set_input_files(str(pdf))
    page.get_by_text("Decision trace").first.wait_for()
    assert "review=" in page.url
    assert "page 1 of 2" in page.get_by_role("combobox", name="Page").input_value()
    page.get_by_text("Overall").first.wait_for()
    image = page.locator("[data-testid=stImage] img").first  # the page with evidence boxes
    image.wait_for()
    _settle(page)
    assert image.evaluate("img => img.naturalWidth") > 500
    for criterion in CRITERION_IDS:  # every criterion has a card (n/a ones in a closed expander)
        page.get_by_text(criterion, exact=True).first.wait_for(state="attached")
    assert page.locator("[data-testid=stMarkdownContainer] mark").count() > 3  # text view marks
    page.get_by_role("button", name="Download JSON").wait_for()
    _shot(page, "02-analysed")

    page.get_by_role("button", name="Accept").first.click()
    _settle(page)
    page.get_by_text(f"accepted by {REVIEWER}").first.wait_for()

    panel = page.locator("[data-testid=stExpander]").filter(
        has_text="Override status or add a note").first
    panel.get_by_text("Override status or add a note").click()
    _pick(page, panel.get_by_role("combobox", name="Status"), "Insufficient")
    panel.get_by_label("Reason (required for an override) or note").fill(
        "Severity is only implied; e2e override")
    panel.get_by_role("button", name="Save override").click()
    _settle(page)
    page.get_by_text(f"Overridden by {REVIEWER}").first.wait_for()
    _shot(page, "03-decided")

    page.reload()
    page.get_by_text("Decision trace").first.wait_for()
    _settle(page)
    page.get_by_text(f"accepted by {REVIEWER}").first.wait_for()
    page.get_by_text(f"Overridden by {REVIEWER}").first.wait_for()
    assert page.get_by_text("Severity is only implied; e2e override").count() >= 1
    _shot(page, "04-reloaded")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSON").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["schema_name"] == "facet-review.reviewed-checklist"
    assert [d["decision"] for d in exported["decisions"]] == ["accepted"]
    assert [(o["status"], o["reviewer"]) for o in exported["overrides"]] == [
        ("insufficient", REVIEWER)]
    assert len(exported["reviewed"]["criteria"]) == 13
    assert exported["audit"][0]["reviewer"] == {"name": REVIEWER, "source": "typed"}

