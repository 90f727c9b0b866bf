"""End to end in a real headless Chromium: the app served by Streamlit answers the domestic-abuse question."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg.settings import setting
from tests.app_crawl import PAGE_NAMES, URL_PATHS

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served_app(real_engine, tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api")
    port = _free_port()
    # A copy of the session's index: a report uploaded in the app must not change what other tests read.
    work = tmp_path_factory.mktemp("served")
    shutil.copytree(real_engine.index.path.resolve(), work / "index")
    (work / "reports").mkdir()
    env = {**os.environ, "PROBATION_KG_INDEX": str(work / "index"), "PROBATION_KG_EMBEDDER": "minilm",
           "PROBATION_KG_REPORTS": str(work / "reports")}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--runner.postScriptGC", "false"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the app did not answer /_stcore/health within 90 s")
        yield url, started, time.perf_counter() - started
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


def test_domestic_abuse_question_in_chromium(served_app, chromium, tmp_path):
    url, started, health_after = served_app
    shots = Path(os.environ.get("PROBATION_KG_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(url)
    box = page.get_by_label("Question", exact=True)
    box.wait_for(timeout=60_000)
    box.fill("Which CRCs were criticised for domestic abuse checks?")
    box.press("Enter")
    page.get_by_text("Answer items").wait_for(timeout=120_000)
    answered_after = time.perf_counter() - started
    body = page.inner_text("body")
    for crc in ("Merseyside CRC", "Cumbria & Lancashire CRC", "Staffordshire & West Midlands CRC",
                "Cheshire & Greater Manchester CRC"):
        assert crc in body
    assert "No up-to-date check was made with the police" in body
    assert "NPS North West division" not in body.split("Citations")[0]
    page.wait_for_timeout(1500)  # the data grid draws on a canvas after the text arrives
    page.screenshot(path=str(shots / "ask.png"), full_page=True)
    for name, marker in (("explore", "Neighbourhood and paths"), ("ratings", "Key questions"),
                         ("sparql", "row(s)"), ("reports", "Add a report")):
        page.goto(f"{url}/{name}")
        page.get_by_text(marker).first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.close()
    print(f"\ncold start: health after {health_after:.1f} s, first answer shown after {answered_after:.1f} s; "
          f"screenshot {shots / 'ask.png'}")


def _settled(page) -> None:
    """Waits until the app has drawn its page and finished the script runs a choice started.

    The script state can read "notRunning" before a run's elements are drawn, so the page must also stay
    the same for a moment.
    """
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
    before, stable = None, 0
    for _ in range(600):
        page.wait_for_timeout(150)
        if page.locator('[data-testid="stApp"]').get_attribute("data-test-script-state") != "notRunning":
            before, stable = None, 0
            continue
        now = page.locator('[data-testid="stMain"]').inner_text()
        stable = stable + 1 if now == before else 0
        if stable == 2:
            return
        before = now
    raise AssertionError("the app did not settle within two minutes")


def _broken(page) -> str | None:
    """Returns why the page shows a broken state (an exception, an unexpected error, nothing), or None."""
    if page.locator('[data-testid="stException"]').count():
        return "exception: " + page.locator('[data-testid="stException"]').first.inner_text()[:200]
    if page.locator('[data-testid="stExpander"] summary', has_text="Details").count():
        return "error: " + page.locator('[data-testid="stAlert"]').first.inner_text()[:200]
    main = page.locator('[data-testid="stMain"]').inner_text()
    return "empty page" if len(main.split()) < 5 else None


def _crawl(page, url: str, name: str, options: int, broken: list[str]) -> int:
    """Picks every option (the first `options`; examples whole) of every select box, sliders at both ends."""
    states = 1
    page.goto(f"{url}/{URL_PATHS[name]}")
    _settled(page)
    if (why := _broken(page)) is not None:
        broken.append(f"{name} opened: {why}")
    position = 0
    while position < page.locator('[data-testid="stSelectbox"]').count():
        box = page.locator('[data-testid="stSelectbox"]').nth(position)
        label = box.inner_text().split("\n")[0]
        page.mouse.move(0, 0)
        box.locator('button[aria-haspopup="listbox"]').click()
        count = page.locator('[role="option"]').count()
        page.keyboard.press("Escape")
        count = count if label.startswith("Example") else min(options, count)
        for index in range(count):
            box = page.locator('[data-testid="stSelectbox"]').nth(position)
            if box.count() == 0 or box.inner_text().split("\n")[0] != label:
                break  # the page changed its widgets: the rest are crawled from their new place
            page.mouse.move(0, 0)  # a hovered table's toolbar would cover the box
            box.locator('button[aria-haspopup="listbox"]').click()
            page.locator('[role="option"]').nth(index).click()
            _settled(page)
            states += 1
            if (why := _broken(page)) is not None:
                broken.append(f"{name}: {label} = option {index + 1}: {why}")
        position += 1
    for position in range(page.locator('[data-testid="stSlider"] input[type="range"]').count()):
        for key in ("Home", "End"):
            page.locator('[data-testid="stSlider"] input[type="range"]').nth(position).press(key)
            _settled(page)
            states += 1
            if (why := _broken(page)) is not None:
                broken.append(f"{name}: slider {position + 1} at {key}: {why}")
    return states


def test_crawl_every_choice_on_every_page_in_chromium(served_app, chromium, tmp_path):
    url, _, _ = served_app
    shots = Path(os.environ.get("PROBATION_KG_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(url)  # the first visit loads the engine: the crawl starts from a warm app
    page.get_by_text("Example questions").wait_for(timeout=120_000)
    started, broken, states = time.perf_counter(), [], {}
    for name in PAGE_NAMES:
        states[name] = _crawl(page, url, name, int(setting("crawl_options")), broken)
    # Deep links: a shared view opens as it was shared.
    page.goto(f"{url}/explore?owner=Purple+Futures")
    _settled(page)
    assert page.get_by_text("Showing 24 of 64 findings for Purple Futures").count() == 1
    page.wait_for_timeout(1500)  # the graph draws on a canvas after the page
    page.screenshot(path=str(shots / "explore-owner.png"), full_page=True)
    page.goto(f"{url}/explore?provider=Merseyside+CRC")
    _settled(page)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(shots / "explore-provider.png"), full_page=True)
    page.close()
    assert broken == []
    print(f"\ncrawl: {sum(states.values())} states ({states}), 0 broken, {time.perf_counter() - started:.1f} s")


@pytest.mark.skipif(not (ROOT.parent / "shared" / "corpus").exists(), reason="shared/corpus is not beside the project")
def test_a_pdu_press_release_uploaded_in_the_app_shows_on_ratings_and_explore(served_app, chromium, tmp_path):
    """A publication of the Probation Service era goes in through the upload and is read like the reports."""
    url, _, _ = served_app
    shots = Path(os.environ.get("PROBATION_KG_SCREENSHOTS", tmp_path))
    release = ROOT.parent / "shared" / "corpus" / "pdu-north-yorkshire-pr.txt"
    page = chromium.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(f"{url}/reports")
    _settled(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(release))
    page.get_by_text("Ingested: 1 added").wait_for(timeout=180_000)
    page.goto(f"{url}/ratings?provider=North+Yorkshire+PDU")
    _settled(page)
    assert page.get_by_text("Inspections of every era: overall ratings").count() == 1
    # The provider came from the URL: it is among the choices, so the PDU is a provider of the graph.
    assert page.locator('[data-testid="stSelectbox"] input').first.input_value() == "North Yorkshire PDU"
    page.wait_for_timeout(1500)
    page.screenshot(path=str(shots / "ratings-pdu.png"), full_page=True)
    page.goto(f"{url}/explore?provider=North+Yorkshire+PDU")
    _settled(page)
    assert _broken(page) is None
    assert page.locator('[data-testid="stSelectbox"] input').nth(1).input_value() == "North Yorkshire PDU"
    assert page.get_by_text("Nothing in the graph matches").count() == 0
    page.wait_for_timeout(1500)
    page.screenshot(path=str(shots / "explore-pdu.png"), full_page=True)
    page.close()
