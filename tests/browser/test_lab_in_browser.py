"""The course in a real browser: headless Chromium driven by Playwright, against JupyterLab
started by the README's course command (`make lab`) on a free loopback port.

Screenshots go to $GENLAB_ARTIFACTS (default: a temporary folder, printed at the end).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from local_http import free_port, wait_until_up

from grader import course
from grader.authoring import samples, topics

REPO = course.REPO
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "genlab-browser-test"
NB = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in the visible tab
STUDENT = sorted((REPO / course.RELEASE).glob("*/*.ipynb"))
PLAYERS = [t.folder for t in topics.TOPICS if t.em_player]  # their first Play widget is an EM player

if os.environ.get("CI"):  # CI never skips the browser tests
    from playwright import sync_api
else:
    sync_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("browser tests need Debian's chromium in CI (.ci/run installs it)")
    pytest.skip("chromium is not installed", allow_module_level=True)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = Path(os.environ.get("GENLAB_ARTIFACTS") or tempfile.mkdtemp(prefix="genlab-screenshots-"))
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    print(f"\nscreenshots: {folder}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab via `make lab`, serving copies of the student notebooks and solved versions."""
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(REPO / course.RELEASE, root / "student")
    for student in STUDENT:
        master = REPO / course.SOURCE / student.parent.name / student.name
        solved = samples.solved_notebook(json.loads(master.read_text()), json.loads(student.read_text()))
        target = root / "solved" / student.parent.name / student.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(solved))
        for extra in student.parent.iterdir():  # data files next to the notebook
            if extra.suffix != ".ipynb" and extra.is_file():
                shutil.copy(extra, target.parent)
    # The player tests get copies of their own: Validate saves a notebook, outputs included.
    for name in PLAYERS:
        shutil.copytree(root / "solved" / name, root / "player" / name)
    settings = tmp_path_factory.mktemp("lab-settings")
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # Render every cell, so that the DOM holds one .jp-CodeCell per code cell.
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    # No autosave: every test opens the notebooks as they are on disk, without old outputs.
    docmanager = settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    docmanager.parent.mkdir(parents=True)
    docmanager.write_text(json.dumps({"autosave": False}))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path_factory.mktemp("lab-workspaces")))
    port = free_port()
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={TOKEN}"
    server = subprocess.Popen(["make", "--no-print-directory", "lab", f"NOTEBOOK_DIR={root}", f"LAB_ARGS={args}"],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    if not wait_until_up(f"{url}/api/status?token={TOKEN}", server):
        _stop(server)
        raise RuntimeError("JupyterLab did not start")
    yield url, root
    _stop(server)


def _stop(server):
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(server.pid, sig)
            server.wait(timeout=20)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_page(browser):
    """A page in a fresh browser context that collects page errors and console errors in ``page.problems``."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    return context, page


@pytest.fixture
def page(browser, lab):
    context, page = open_page(browser)
    yield page
    context.close()
    _shut_down_kernels(lab[0])


def _shut_down_kernels(url):
    """Each test starts from a server with no kernel running."""
    with urllib.request.urlopen(f"{url}/api/kernels?token={TOKEN}", timeout=10) as r:
        kernels = json.load(r)
    for kernel in kernels:
        request = urllib.request.Request(f"{url}/api/kernels/{kernel['id']}?token={TOKEN}", method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def _open(page, lab, path: str):
    url, _ = lab
    page.goto(f"{url}/lab/tree/{path}?reset&token={TOKEN}")  # reset: no tabs left from other tests
    page.wait_for_selector(f"{NB} .jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function("() => document.querySelector('.jp-Notebook-ExecutionIndicator') !== null "
                           "|| document.body.innerText.includes('Idle')", timeout=60_000)
    time.sleep(1.5)  # the kernel connects


def _prompts(page) -> list[str]:
    return page.eval_on_selector_all(f"{NB} .jp-CodeCell .jp-InputArea-prompt",
                                     "els => els.map(e => e.textContent.trim())")


def _wait_idle(page, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.3)
        if "[*]:" not in _prompts(page):
            time.sleep(0.3)
            if "[*]:" not in _prompts(page):
                return
    raise AssertionError("the notebook was still running")


def _run_all(page):
    """Run → Run All Cells; JupyterLab stops at an error, so go on from the next cell, as a
    student running cell after cell would."""
    command = "runmenu:run-all"
    for _ in range(60):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.locator(f"li[data-command='{command}']").click()
        _wait_idle(page)
        prompts = _prompts(page)
        if "[ ]:" not in prompts:
            return
        prompt = page.locator(f"{NB} .jp-CodeCell").nth(prompts.index("[ ]:")).locator(".jp-InputArea-prompt")
        prompt.scroll_into_view_if_needed()
        prompt.click()
        command = "notebook:run-all-below"
    raise AssertionError("Run All did not reach the end")


def _code_cell_outputs(page) -> list[str]:
    return page.eval_on_selector_all(
        f"{NB} .jp-CodeCell", "cells => cells.map(c => (c.querySelector('.jp-OutputArea') || {}).textContent || '')")


def _test_cell_indices(notebook: Path) -> list[int]:
    """Positions, among code cells, of the autograded test cells."""
    code = [c for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "code"]
    return [i for i, c in enumerate(code)
            if c["metadata"].get("nbgrader", {}).get("grade") and not c["metadata"]["nbgrader"].get("solution")]


def _real_problems(page) -> list[str]:
    # A missing favicon or translation bundle is a 404 the server logs; it is no JavaScript error.
    return [p for p in page.problems if "Failed to load resource" not in p]


@pytest.mark.parametrize("notebook", STUDENT, ids=lambda p: p.parent.name)
def test_student_notebook_run_all_shows_not_implemented_under_every_test(page, lab, artifacts, notebook):
    _open(page, lab, f"student/{notebook.parent.name}/{notebook.name}")
    _run_all(page)
    page.screenshot(path=str(artifacts / f"student-{notebook.parent.name}.png"))
    outputs = _code_cell_outputs(page)
    for index in _test_cell_indices(notebook):
        assert "NotImplementedError" in outputs[index], (index, outputs[index][-300:])
        # the checker's message alone: no traceback, no file of the grader
        assert "Traceback" not in outputs[index] and "/grader/" not in outputs[index], outputs[index][-600:]
        assert ".py" not in outputs[index], outputs[index][-600:]
    assert _real_problems(page) == []


def _validate(page) -> str:
    page.get_by_role("button", name="Validate").first.click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=120_000)
    page.wait_for_function("() => !document.querySelector('.jp-Dialog').innerText.includes('Validating')",
                           timeout=120_000)
    return dialog.inner_text()


@pytest.mark.parametrize("notebook", STUDENT, ids=lambda p: p.parent.name)
def test_solved_notebook_passes_every_test_and_validates(page, lab, artifacts, notebook):
    _open(page, lab, f"solved/{notebook.parent.name}/{notebook.name}")
    _run_all(page)
    outputs = _code_cell_outputs(page)
    for index in _test_cell_indices(notebook):
        assert "visible tests pass" in outputs[index], (index, outputs[index][-300:])
    page.screenshot(path=str(artifacts / f"solved-{notebook.parent.name}.png"))
    result = _validate(page)
    page.screenshot(path=str(artifacts / f"validate-solved-{notebook.parent.name}.png"))
    assert "Success" in result and "failed" not in result, result[:500]
    assert _real_problems(page) == []


def test_validate_reports_failure_for_the_stub(page, lab, artifacts):
    _open(page, lab, "student/05-grades/grades.ipynb")
    result = _validate(page)
    page.screenshot(path=str(artifacts / "validate-stub-05.png"))
    assert "failed" in result and "Success" not in result, result[:500]


def _player(page):
    return page.locator(f"{NB} .widget-vbox:has(> .widget-hbox .widget-play)").first


def _player_state(page):
    player = _player(page)
    readout = player.locator(".widget-html").first.inner_text()
    image = player.locator("img.widget-image").first.get_attribute("src") or ""
    return readout, image


@pytest.mark.parametrize("name", PLAYERS)
def test_em_player_plays_and_moves_by_keyboard(page, lab, artifacts, name):
    notebook = next((REPO / course.RELEASE / name).glob("*.ipynb"))
    _open(page, lab, f"player/{name}/{notebook.name}")
    _run_all(page)
    player = _player(page)
    player.scroll_into_view_if_needed()
    handle = player.locator(".widget-slider .noUi-handle").first
    handle.wait_for(timeout=30_000)
    readout0, image0 = _player_state(page)
    assert "iteration 0" in readout0 and image0
    page.screenshot(path=str(artifacts / f"player-{name}-start.png"))

    player.locator(".widget-play button").first.click()  # Play
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        readout1, image1 = _player_state(page)
        if readout1 != readout0 and image1 != image0:
            break
        time.sleep(0.3)
    assert readout1 != readout0 and image1 != image0
    page.screenshot(path=str(artifacts / f"player-{name}-playing.png"))
    player.locator(".widget-play button").nth(1).click()  # Stop
    time.sleep(0.5)

    before = handle.get_attribute("aria-valuenow")
    readout2 = _player_state(page)[0]
    handle.focus()
    page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 10
    while handle.get_attribute("aria-valuenow") == before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert handle.get_attribute("aria-valuenow") != before
    deadline = time.monotonic() + 10
    while _player_state(page)[0] == readout2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _player_state(page)[0] != readout2
    assert _real_problems(page) == []


def test_students_get_no_formgrader_and_instructors_do(page, lab, artifacts):
    url, _ = lab  # `make lab`: the student view
    response = page.goto(f"{url}/formgrader?token={TOKEN}")
    assert response.status == 404
    port = free_port()
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={TOKEN}"
    server = subprocess.Popen(["make", "--no-print-directory", "lab-instructor", f"LAB_ARGS={args}"], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        instructor = f"http://127.0.0.1:{port}"
        assert wait_until_up(f"{instructor}/api/status?token={TOKEN}", server), "make lab-instructor did not start"
        page.goto(f"{instructor}/formgrader?token={TOKEN}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(artifacts / "formgrader.png"))
        assert "Manage Assignments" in page.content()
    finally:
        _stop(server)
