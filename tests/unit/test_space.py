"""The leaderboard Space in a real headless browser: the board is pushed to the Hub-protocol test server, the Space
(src/pcwm/space/app.py, pushed with `pcwm leaderboard space`) is served on loopback reading the dataset from that
server, and Debian's Chromium, driven by Playwright through its executable path, must show the same numbers the
dataset holds, beside the paper's reported ones, with plots, and sort a table from a column menu. Every server and
the browser are stopped in finally blocks; the test checks that nothing it started is left running.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_leaderboard import _results

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from servers import app_process, client_env, free_port, hub_process  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT = Path(os.environ.get("PCWM_SPACE_SCREENSHOT", "")) if os.environ.get("PCWM_SPACE_SCREENSHOT") else None
READ_DATASET = """
import json
from datasets import get_dataset_config_names, load_dataset
from huggingface_hub import DatasetCard, SpaceCard
repo = "pcwm/leaderboard"
names = get_dataset_config_names(repo)
tables = {n: load_dataset(repo, n, split="train").to_list() for n in names}
card = DatasetCard.load(repo, repo_type="dataset")
space = SpaceCard.load("pcwm/leaderboard-space", repo_type="space")
print(json.dumps({"names": names, "tables": tables, "card_configs": [c["config_name"] for c in card.data.configs],
                  "space": space.data.to_dict()}))
"""


def _children_alive() -> list[str]:
    import psutil

    return [f"{p.pid} {' '.join(p.cmdline())[:120]}" for p in psutil.Process().children(recursive=True)
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def _rows(page, elem_id: str) -> list[list[str]]:
    """The body rows of a Gradio table, top to bottom, as shown text (ARIA grid: role=row / role=gridcell)."""
    rows = page.eval_on_selector_all(
        f"[id='{elem_id}'] [role=row]",
        "rows => rows.map(r => [Number(r.getAttribute('aria-rowindex')), "
        "Array.from(r.querySelectorAll('[role=gridcell]')).map(c => c.innerText.trim())])")
    return [cells for _, cells in sorted(rows) if cells]


def _same(shown: str, value) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return shown in ("", "nan", "NaN", "-")
    if isinstance(value, (int, float)):
        return math.isclose(float(shown), float(value), abs_tol=0.051)
    return shown == str(value)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed (scripts/bootstrap.sh test)")
@pytest.mark.needs_data("dataracebench", "pareval")
def test_space_renders_the_hub_dataset_in_chromium(tmp_path):
    from playwright.sync_api import sync_playwright

    results = _results(tmp_path)
    shot = SCREENSHOT or tmp_path / "leaderboard-space.png"
    with hub_process(tmp_path / "hub") as endpoint:
        env = client_env(endpoint, tmp_path / "hf")
        for argv in (["build", *map(str, results), "-o", str(tmp_path / "board"), "--push", "pcwm/leaderboard"],
                     ["space", "--dataset", "pcwm/leaderboard", "-o", str(tmp_path / "space"),
                      "--push", "pcwm/leaderboard-space"]):
            res = subprocess.run([sys.executable, "-m", "pcwm.cli", "leaderboard", *argv], env=env, text=True,
                                 capture_output=True, timeout=300)
            assert res.returncode == 0, res.stderr[-3000:]
        read = subprocess.run([sys.executable, "-c", READ_DATASET], env=env, capture_output=True, text=True,
                              timeout=300)
        assert read.returncode == 0, read.stderr[-3000:]
        hub = json.loads(read.stdout.strip().splitlines()[-1])

        # the Space as the Hub would run it: its files downloaded from the Space repo, `python app.py`
        files = subprocess.run([sys.executable, "-c", "from huggingface_hub import snapshot_download; print("
                                "snapshot_download('pcwm/leaderboard-space', repo_type='space'))"], env=env,
                               capture_output=True, text=True, timeout=120, check=True).stdout.strip().splitlines()[-1]
        port = free_port()
        app_env = {**env, "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port),
                   "GRADIO_ANALYTICS_ENABLED": "False", "MPLBACKEND": "Agg"}
        with app_process([sys.executable, str(Path(files) / "app.py")], app_env, port, tmp_path / "space.log"
                         ) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.goto(url, wait_until="networkidle", timeout=120_000)
                page.wait_for_selector("[id='board--drb'] [role=gridcell]", timeout=120_000)
                shown = {c: _rows(page, c) for c in hub["names"] if c.startswith(("board--", "reported--"))}
                plots = page.locator(".js-plotly-plot, [data-testid='plot'] img, [data-testid='matplotlib'] img, "
                                     "img[src^='data:image/png']").count()
                page.screenshot(path=str(shot), full_page=True)
                header = page.locator("[id='board--drb'] th[title='recall %']")  # sort the DRB table by recall
                header.hover()
                header.get_by_role("button", name="Open cell menu").click(force=True)
                page.get_by_text("Sort ascending", exact=True).click()
                page.wait_for_timeout(1000)
                sorted_rows = _rows(page, "board--drb")
            finally:
                browser.close()

    assert not _children_alive()
    assert hub["card_configs"] == hub["names"] and hub["names"][0] == "index"
    assert {"board--drb", "board--cal", "board--fix", "scores--cal--caliper_gap", "scores--drb--drb_plabels",
            "scores--fix--racefix_rates"} <= set(hub["names"])
    assert any(n.startswith("reported--") for n in hub["names"])
    assert hub["space"]["sdk"] == "gradio" and hub["space"]["app_file"] == "app.py"
    for config, rows in shown.items():
        want = hub["tables"][config]
        assert len(rows) == len(want), config
        for got, row in zip(rows, want, strict=True):
            assert all(_same(g, v) for g, v in zip(got, row.values(), strict=True)), (config, got, row)
    drb = {r[0]: r for r in shown["board--drb"]}
    assert drb["baseline:always-race"][1] == "50" and drb["baseline:always-race"][6] == "100"  # accuracy, recall
    assert plots >= 3  # gap buckets, P-labels, feedback sources
    assert [r[0] for r in sorted_rows] != [r[0] for r in shown["board--drb"]]  # the header click re-ordered it
    assert shot.stat().st_size > 50_000
