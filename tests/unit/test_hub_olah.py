"""Reads through olah (a maintained Hub mirror server) in offline mode, serving a local git repo of a built dataset.

olah cannot take uploads (see ../shared/FACTS.md), so the repo is laid out the way the Hub stores it: a git repo
whose Parquet shards are LFS pointers with the objects under .git/lfs/objects. The real clients then read it:
`load_dataset(repo, config, revision=tag)` and `pcwm dataset pull --revision`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "data" / "tsan_records.jsonl"
OLAH = shutil.which("olah-cli", path=str(Path(sys.executable).parent)) or shutil.which("olah-cli")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=pcwm@test", "-c", "user.name=pcwm", *args], cwd=repo, check=True,
                   capture_output=True, timeout=60)


def _git_repo_like_the_hub(built: Path, repo: Path, tag: str) -> None:
    repo.mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main", ".")
    for p in sorted(built.rglob("*")):
        if p.is_dir():
            continue
        dest = repo / p.relative_to(built)
        dest.parent.mkdir(parents=True, exist_ok=True)
        data = p.read_bytes()
        if p.suffix == ".parquet":
            oid = hashlib.sha256(data).hexdigest()
            obj = repo / ".git" / "lfs" / "objects" / oid[:2] / oid[2:4] / oid
            obj.parent.mkdir(parents=True, exist_ok=True)
            obj.write_bytes(data)
            dest.write_text(f"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {len(data)}\n")
        else:
            dest.write_bytes(data)
    (repo / ".gitattributes").write_text("*.parquet filter=lfs diff=lfs merge=lfs -text\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", f"dataset {tag}")
    _git(repo, "tag", tag)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def olah(tmp_path):
    if OLAH is None:  # olah is in the dev extra: a missing one is a broken install, not a reason to skip
        pytest.fail("olah-cli not found next to this Python or on PATH: pip install -e '.[dev]'")
    if shutil.which("git") is None:
        pytest.skip("git is not installed on this machine (the mirror serves a local git repo)")
    port = _free_port()
    cfg = tmp_path / "olah.toml"
    cfg.write_text(f'[basic]\nhost = "127.0.0.1"\nport = {port}\nrepos-path = "{tmp_path / "olah-cache"}"\n'
                   f'mirrors-path = ["{tmp_path / "mirrors"}"]\nmirror-netloc = "127.0.0.1:{port}"\n'
                   f'mirror-lfs-netloc = "127.0.0.1:{port}"\n\n[accessibility]\noffline = true\n')
    proc = subprocess.Popen([str(OLAH), "-c", str(cfg), "--log-path", str(tmp_path / "olah-logs")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}", tmp_path / "mirrors"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _wait(url: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"olah did not serve {url} within {timeout} s")


def test_offline_reads_of_a_built_dataset_through_olah(olah, tmp_path):
    from pcwm.data.build import BuildOptions, build_dataset

    endpoint, mirrors = olah
    built = tmp_path / "built"
    report = build_dataset([str(FIXTURE)], built, BuildOptions(decontaminate=False))
    _git_repo_like_the_hub(built, mirrors / "datasets" / "pcwm" / "tsan-mirror", "v1.0")
    _wait(f"{endpoint}/api/datasets/pcwm/tsan-mirror/revision/v1.0")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update(HF_ENDPOINT=endpoint, HF_HUB_DISABLE_XET="1", HF_HOME=str(tmp_path / "hf-home"))
    script = ("from datasets import load_dataset\n"
              "print(len(load_dataset('pcwm/tsan-mirror', 'no_cot', revision='v1.0', split='train')))\n")
    res = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    assert int(res.stdout.strip().splitlines()[-1]) == report["configs"]["no_cot"]["rows"]
    pulled = tmp_path / "pulled"
    res = subprocess.run([sys.executable, "-m", "pcwm.cli", "dataset", "pull", "pcwm/tsan-mirror", "--revision",
                          "v1.0", "--out", str(pulled)], env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    for shard in built.glob("no_cot/*.parquet"):
        assert (pulled / "no_cot" / shard.name).read_bytes() == shard.read_bytes()
