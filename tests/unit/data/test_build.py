"""`pcwm dataset build` on real sandbox outputs: typed configs, provenance, CoT rows, labels, drops, card."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest
from data_fixtures import FIXTURES, write_jsonl

from pcwm.data.build import BuildOptions, build_dataset
from pcwm.data.records import RecordError
from pcwm.data.schema import features
from pcwm.worldmodel import outcomes


def _build(tmp_path, rows, **kw):
    src = write_jsonl(tmp_path / "records.jsonl", rows)
    out = tmp_path / "ds"
    repo_id = kw.pop("repo_id", None)
    opts = BuildOptions(decontaminate=kw.pop("decontaminate", False), **kw)
    return out, build_dataset([str(src)], out, opts, repo_id=repo_id)


def _load(out, config):
    from datasets import load_dataset

    return load_dataset(str(out), config, split="train")


def test_no_cot_rows_are_typed_labelled_and_traceable(tmp_path, tsan_records):
    out, report = _build(tmp_path, tsan_records, near_dup_threshold=None)
    ds = _load(out, "no_cot")
    assert ds.features == features("tsan")
    assert len(ds) == len({r["code"] for r in tsan_records}) == report["configs"]["no_cot"]["rows"]
    by_code = {r["code"]: r for r in tsan_records}
    for row in ds:
        src = by_code[row["code"]]
        completion = row["completion"][0]["content"]
        assert row["prompt"][0]["role"] == "user" and row["messages"][1]["content"] == completion
        assert row["has_race"] == (src["sandbox"]["status"] == "race")
        told = {tuple(sorted(r["code_locations"])) for r in outcomes.parse_tsan(completion)}
        assert told == {tuple(sorted(r["locations"])) for r in src["sandbox"]["races"]}
        p = row["provenance"]
        assert p["content_hash"] == hashlib.sha256(row["code"].encode()).hexdigest()
        assert p["problem_id"] == src["problem_id"] and p["sandbox_status"] == src["sandbox"]["status"]
        assert p["toolchain"].startswith("Debian clang") and "-fsanitize=thread" in p["flags"]
        assert p["host_cores"] == 2 and p["oversubscribed"] == (max(p["threads"]) > 2)
        assert p["run_count"] == len(src["sandbox"]["runs"]) and p["cot_model"] is None
    races = sum(1 for r in tsan_records if r["sandbox"]["status"] == "race")
    assert report["configs"]["no_cot"]["race"] == races
    assert report["configs"]["hindsight"]["rows"] == 0 and not (out / "hindsight").exists()


def _with_cot(rec, text, hindsight=True, model="teacher-x"):
    return {**copy.deepcopy(rec), "cot": text, "cot_model": model, "cot_hindsight": hindsight}


def test_cot_samples_become_rows_and_contradicting_ones_are_dropped(tmp_path, tsan_records):
    racy = next(r for r in tsan_records if r["sandbox"]["status"] == "race")
    clean = next(r for r in tsan_records if r["sandbox"]["status"] == "ok")
    truth = outcomes.render_tsan([{"type": x["type"], "code_locations": x["locations"]}
                                  for x in racy["sandbox"]["races"]])
    rows = [
        racy,
        _with_cot(racy, f"<think>\nThe update is not atomic.\n</think>\n<answer>\n{truth}\n</answer>"),
        _with_cot(racy, f"<think>\nLooks fine.\n</think>\n<answer>\n{outcomes.render_tsan([])}\n</answer>"),
        _with_cot(clean, "Each thread writes its own rows.", hindsight=False),
    ]
    out, report = _build(tmp_path, rows)
    assert report["exact_duplicates"] == 2 and report["dropped"]["hindsight_cot_mismatch"] == 1
    hs = _load(out, "hindsight")
    assert len(hs) == 1 and hs[0]["cot"] == "The update is not atomic."
    assert hs[0]["provenance"]["cot_model"] == "teacher-x" and hs[0]["provenance"]["cot_hindsight"] is True
    text = hs[0]["completion"][0]["content"]
    assert outcomes.think_block(text) == "The update is not atomic." and outcomes.parse_tsan(text)
    nh = _load(out, "no_hindsight")
    assert len(nh) == 1 and nh[0]["provenance"]["cot_hindsight"] is False and not nh[0]["has_race"]
    assert len(_load(out, "no_cot")) == 2


def test_no_hindsight_is_kept_as_is_filtered_variant_and_leaks_are_dropped(tmp_path, tsan_records):
    racy = next(r for r in tsan_records if r["sandbox"]["status"] == "race")
    truth = outcomes.render_tsan([{"type": x["type"], "code_locations": x["locations"]}
                                  for x in racy["sandbox"]["races"]])
    none = outcomes.render_tsan([])
    rows = [
        _with_cot(racy, f"<think>\nLooks fine: each thread has its own slot.\n</think>\n<answer>\n{none}\n</answer>",
                  hindsight=False),
        _with_cot(racy, f"<think>\nThe sum is shared.\n</think>\n<answer>\n{truth}\n</answer>", hindsight=False),
        _with_cot(racy, f"<think>\nThe provided answer lists one race, so the sum must be shared.\n</think>\n"
                        f"<answer>\n{truth}\n</answer>"),
        _with_cot(racy, f"The sum is shared\n</think>\n\n<answer>\n{truth}\n</answer>"),  # QwQ: a lone </think>
    ]
    out, report = _build(tmp_path, rows, configs=("hindsight", "no_hindsight", "no_hindsight_filtered"))
    nh = _load(out, "no_hindsight")  # the paper's ablation: both CoTs, the wrong prediction too
    assert sorted(r["cot"] for r in nh) == ["Looks fine: each thread has its own slot.", "The sum is shared."]
    assert all(outcomes.parse_tsan(r["completion"][0]["content"]) for r in nh)  # trained towards TSan's outcome
    assert [r["cot"] for r in _load(out, "no_hindsight_filtered")] == ["The sum is shared."]
    assert report["dropped"]["no_hindsight_filtered_cot_mismatch"] == 1
    assert [r["cot"] for r in _load(out, "hindsight")] == ["The sum is shared"]
    assert report["dropped"]["hindsight_cot_leak"] == 1


def test_conflicting_labels_keep_the_race(tmp_path, tsan_records):
    racy = next(r for r in tsan_records if r["sandbox"]["status"] == "race")
    quiet = copy.deepcopy(racy)
    quiet["sandbox"].update(status="ok", races=[])
    out, report = _build(tmp_path, [quiet, racy])
    assert report["conflicting_labels"] == 1
    (row,) = _load(out, "no_cot")
    assert row["has_race"] and row["provenance"]["sandbox_status"] == "race"


def test_failures_are_not_labels(tmp_path, tsan_records):
    broken = copy.deepcopy(tsan_records[0])
    broken["code"] += "\n#error broken\n"
    broken["sandbox"].update(status="compile_error", races=[], runs=[])
    infra = copy.deepcopy(tsan_records[1])
    infra["code"] += "\n// other\n"
    infra["sandbox"].update(status="sandbox_error", races=[])
    out, report = _build(tmp_path, [broken, infra, tsan_records[2]])
    assert report["dropped"] == {"status_compile_error": 1, "status_sandbox_error": 1}
    assert len(_load(out, "no_cot")) == 1


def test_balance_caps_the_majority_label(tmp_path, tsan_records):
    clean = [r for r in tsan_records if r["sandbox"]["status"] != "race"]
    racy = [r for r in tsan_records if r["sandbox"]["status"] == "race"][:5]
    out, report = _build(tmp_path, clean + racy, balance=0.5, near_dup_threshold=None)
    stats = report["configs"]["no_cot"]
    assert stats["race"] == 5 and stats["no_race"] == 5 and report["dropped"]["balance"] == len(clean) - 5


def test_bad_records_name_file_and_line(tmp_path, tsan_records):
    bad = copy.deepcopy(tsan_records[1])
    del bad["code"]
    src = write_jsonl(tmp_path / "bad.jsonl", [tsan_records[0], bad])
    with pytest.raises(RecordError, match=r"bad\.jsonl:2: missing or empty 'code'"):
        build_dataset([str(src)], tmp_path / "out", BuildOptions(decontaminate=False))
    (tmp_path / "junk.jsonl").write_text("{not json\n")
    with pytest.raises(RecordError, match=r"junk\.jsonl:1: not valid JSON"):
        build_dataset([str(tmp_path / "junk.jsonl")], tmp_path / "out2", BuildOptions(decontaminate=False))


def test_card_is_hub_metadata_plus_rendered_body(tmp_path, tsan_records):
    from huggingface_hub import DatasetCard

    out, report = _build(tmp_path, tsan_records, repo_id="pcwm/tsan-test")
    card = DatasetCard.load(out / "README.md")
    assert card.data.license == "apache-2.0"
    assert [c["config_name"] for c in card.data.configs] == ["no_cot"]
    info = card.data.dataset_info[0] if isinstance(card.data.dataset_info, list) else card.data.dataset_info
    assert info["splits"][0]["num_examples"] == report["configs"]["no_cot"]["rows"]
    rows = report["configs"]["no_cot"]
    assert f"| `no_cot` | {rows['rows']} | {rows['race']} | {rows['no_race']} |" in card.text
    for section in ("## Schema", "## Statistics", "### Label balance", "## Toolchain", "## How it was made",
                    "### Decontamination", "## License", "## Citation", 'load_dataset("pcwm/tsan-test"'):
        assert section in card.text


def test_engine_store_is_an_input(tmp_path, tsan_records):
    from pcwm.problems.candidates import Candidate, CandidateStore

    store = CandidateStore(tmp_path / "engine")
    for r in tsan_records[:4]:
        op = r["source"]["operator"] or "original"
        cand = Candidate(id=f"{r['problem_id']}/x{len(r['code'])}/{op}", seed=r["problem_id"],
                         parent=r["source"]["parent"], operator=op, kind="original" if op == "original" else "race",
                         expected="race", line=None, description="", language=r["language"],
                         file_name=r["code_name"], source=r["code"], status=r["sandbox"]["status"])
        store.save(cand, r["sandbox"])
    out = tmp_path / "ds"
    report = build_dataset([str(store.out)], out, BuildOptions(decontaminate=False))
    ds = _load(out, "no_cot")
    assert len(ds) == report["configs"]["no_cot"]["rows"] == len({r["code"] for r in tsan_records[:4]})
    assert {r["provenance"]["problem_id"] for r in ds} == {r["problem_id"] for r in tsan_records[:4]}


def test_cli_build_prints_the_report(tmp_path):
    from typer.testing import CliRunner

    from pcwm.cli import app

    out = tmp_path / "ds"
    res = CliRunner().invoke(app, ["dataset", "build", str(FIXTURES / "tsan_records.jsonl"), "--out", str(out),
                                   "--configs", "no_cot", "--no-decontam", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["configs"]["no_cot"]["rows"] > 0 and (out / "README.md").is_file()
    res = CliRunner().invoke(app, ["dataset", "build", str(tmp_path / "missing.jsonl"), "--out", str(out)])
    assert res.exit_code == 2 and "no such file or folder" in res.output  # a bad input: usage


def test_stats_read_back_the_built_figures(tmp_path, tsan_records):
    from pcwm.data.stats import folder_stats

    out, report = _build(tmp_path, tsan_records, shard_rows=7)
    figures = folder_stats(out)
    built = report["configs"]["no_cot"]
    assert figures["no_cot"]["shards"] == len(built["shards"]) > 1
    for key in ("rows", "race", "no_race", "domains", "sources"):
        assert figures["no_cot"][key] == built[key]
    with pytest.raises(FileNotFoundError, match="no <config>"):
        folder_stats(tmp_path)
