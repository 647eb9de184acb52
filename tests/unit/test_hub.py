"""Hub round trips with the real clients (huggingface_hub, datasets) against the test server on loopback.

Clients run in subprocesses whose environment points them at the server (HF_ENDPOINT, HF_TOKEN, HF_HUB_DISABLE_XET,
HF_HOME): huggingface_hub reads it at import time, and this pytest process must keep HF_HUB_OFFLINE=1.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hub_server import HubServer

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "data" / "tsan_records.jsonl"


@pytest.fixture
def hub(tmp_path):
    with HubServer(tmp_path / "hub-store") as server:
        yield server


def run(hub, tmp_path, argv: list[str], token: str | None = "pcwm-test-token", timeout: float = 300):
    env = hub.client_env(tmp_path / "hf-home", token)
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def client(hub, tmp_path, script: str, **kw) -> dict:
    """Runs a Python client script that prints one JSON object last; returns it."""
    res = run(hub, tmp_path, [sys.executable, "-c", textwrap.dedent(script)], **kw)
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


def pcwm(hub, tmp_path, *args: str, **kw):
    return run(hub, tmp_path, [sys.executable, "-m", "pcwm.cli", "dataset", *args], **kw)


def test_datasets_push_to_hub_then_load_by_revision(hub, tmp_path):
    out = client(hub, tmp_path, """
        import json
        from datasets import Dataset, load_dataset
        from huggingface_hub import HfApi
        api = HfApi()
        Dataset.from_dict({"code": ["a", "b", "c"], "has_race": [True, False, True]}).push_to_hub(
            "pcwm/roundtrip", config_name="no_cot")
        api.create_tag("pcwm/roundtrip", tag="v1", repo_type="dataset")
        Dataset.from_dict({"code": ["d"], "has_race": [False]}).push_to_hub("pcwm/roundtrip", config_name="no_cot")
        v1 = load_dataset("pcwm/roundtrip", "no_cot", revision="v1", split="train")
        head = load_dataset("pcwm/roundtrip", "no_cot", revision="main", split="train")
        print(json.dumps({"v1": list(v1["code"]), "head": list(head["code"]),
                          "tags": [t.name for t in api.list_repo_refs("pcwm/roundtrip", repo_type="dataset").tags]}))
    """)
    assert out == {"v1": ["a", "b", "c"], "head": ["d"], "tags": ["v1"]}


def _build(tmp_path, **kw) -> Path:
    from pcwm.data.build import BuildOptions, build_dataset

    out = tmp_path / "built"
    build_dataset([str(FIXTURE)], out, BuildOptions(decontaminate=False, **kw), repo_id="pcwm/tsan-test")
    return out


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.relative_to(folder).parts[0].startswith(".")}


def test_build_push_load_pull_with_card(hub, tmp_path):
    built = _build(tmp_path)
    res = pcwm(hub, tmp_path, "push", str(built), "--repo", "pcwm/tsan-test", "--tag", "v1.0")
    assert res.returncode == 0, res.stderr[-3000:]
    assert "pcwm/tsan-test@v1.0" in res.stdout
    local_rows = json.loads((built / "build_report.json").read_text())["configs"]["no_cot"]["rows"]
    out = client(hub, tmp_path, """
        import json
        from datasets import load_dataset
        from huggingface_hub import DatasetCard, HfApi
        from huggingface_hub.errors import RepositoryNotFoundError
        ds = load_dataset("pcwm/tsan-test", "no_cot", revision="v1.0", split="train")
        card = DatasetCard.load("pcwm/tsan-test", repo_type="dataset")
        info = HfApi().dataset_info("pcwm/tsan-test", revision="v1.0")
        try:
            HfApi().dataset_info("pcwm/tsan-test", token=False)
            anonymous = "visible"
        except RepositoryNotFoundError:
            anonymous = "hidden"
        print(json.dumps({"rows": len(ds), "threads": ds.features["provenance"]["threads"].feature.dtype,
                          "configs": [c["config_name"] for c in card.data.configs], "has_stats": "## Statistics"
                          in card.text, "private": info.private, "anonymous": anonymous,
                          "parsed": ds[0]["outcome"].startswith("Here is a list of data races")}))
    """)
    assert out == {"rows": local_rows, "threads": "int32", "configs": ["no_cot"], "has_stats": True,
                   "private": True, "anonymous": "hidden", "parsed": True}
    again = pcwm(hub, tmp_path, "push", str(built), "--repo", "pcwm/tsan-test", "--tag", "v1.0")
    assert again.returncode == 0 and "0 files uploaded" in again.stdout
    pulled = tmp_path / "pulled"
    res = pcwm(hub, tmp_path, "pull", "pcwm/tsan-test", "--revision", "v1.0", "--out", str(pulled))
    assert res.returncode == 0, res.stderr[-3000:]
    assert {k: v for k, v in _digests(pulled).items() if k != ".gitattributes"} == _digests(built)


def test_tags_are_immutable(hub, tmp_path):
    built = _build(tmp_path)
    assert pcwm(hub, tmp_path, "push", str(built), "--repo", "pcwm/tsan-test", "--tag", "v1").returncode == 0
    (built / "README.md").write_text((built / "README.md").read_text() + "\nedited\n")
    res = pcwm(hub, tmp_path, "push", str(built), "--repo", "pcwm/tsan-test", "--tag", "v1")
    assert res.returncode == 1 and "immutable" in res.stderr
    res = pcwm(hub, tmp_path, "push", str(built), "--repo", "pcwm/tsan-test", "--tag", "v2")
    assert res.returncode == 0 and "1 files uploaded" in res.stdout


def test_interrupted_push_resumes_without_reuploading(hub, tmp_path):
    built = _build(tmp_path, shard_rows=5)
    shards = sorted(built.glob("no_cot/*.parquet"))
    assert len(shards) >= 6
    hub.store.fail_commits_after = 1  # the second commit of the push fails
    args = ["push", str(built), "--repo", "pcwm/resume", "--tag", "v1", "--files-per-commit", "3"]
    res = pcwm(hub, tmp_path, *args)
    assert res.returncode == 1 and "injected failure" in res.stderr
    hub.store.fail_commits_after = None
    res = pcwm(hub, tmp_path, *args)
    assert res.returncode == 0, res.stderr[-3000:]
    assert f"{len(shards) - 3 + 2} files uploaded, 3 already there" in res.stdout
    assert hub.store.counts["lfs_put"] == len(shards)  # every shard crossed the wire exactly once
    out = client(hub, tmp_path, """
        import json
        from datasets import load_dataset
        print(json.dumps({"rows": len(load_dataset("pcwm/resume", "no_cot", revision="v1", split="train"))}))
    """)
    assert out["rows"] == json.loads((built / "build_report.json").read_text())["configs"]["no_cot"]["rows"]


def test_push_without_token_says_how_to_log_in(hub, tmp_path):
    built = _build(tmp_path)
    res = pcwm(hub, tmp_path, "push", str(built), "--repo", "pcwm/x", "--tag", "v1", token=None)
    assert res.returncode == 1 and "HF_TOKEN" in res.stderr
