"""Build input from the distilabel pipeline: rows of its real FormatSFT step, saved like a Distiset split."""

from __future__ import annotations

import json

import pytest

from pcwm.data.build import BuildOptions, build_dataset
from pcwm.worldmodel import outcomes


def _sandbox_rows(records: list[dict]) -> list[dict]:
    """What the pipeline's Sandbox step emits for these (real) sandbox results (pcwm.pipelines.steps.sandbox)."""
    rows = []
    for r in records:
        races = [{"type": x["type"], "code_locations": x["locations"]} for x in r["sandbox"]["races"]]
        rows.append({
            "seed_id": r["problem_id"], "problem_id": r["problem_id"], "variant": "v01", "domain": r["domain"],
            "language": r["language"], "candidate_id": r["sandbox"]["cache_key"][:16], "code": r["code"],
            "file_name": r["code_name"], "tool": "tsan", "status": r["sandbox"]["status"],
            "valid": r["sandbox"]["valid"], "races": json.dumps(races), "outcome": outcomes.render_tsan(races),
            "sandbox_result": json.dumps(r["sandbox"]), "generator": "llama-test", "mutation_operator": None,
            "origin": f"{r['problem_id']}/llama-test/0", "cot_model": "teacher-test", "cot_accepted": True,
            "cot_rejection": None, "cot_response": None,
            "cot": f"Thread work on {r['problem_id']} is checked line by line.",
        })
    return rows


def test_format_sft_rows_saved_to_disk_are_a_build_input(tmp_path, tsan_records):
    from datasets import Dataset, load_dataset

    from pcwm.pipelines.steps.format import FormatSFT

    step = FormatSFT(mode="hindsight")
    step.load()
    rows = next(step.process(_sandbox_rows(tsan_records[:6])))
    assert len(rows) == 6 and all(r["sft_mode"] == "hindsight" for r in rows)
    saved = tmp_path / "distiset" / "default" / "train"
    Dataset.from_list(rows).save_to_disk(str(saved))
    out = tmp_path / "ds"
    report = build_dataset([str(tmp_path / "distiset")], out, BuildOptions(decontaminate=False))
    hs = load_dataset(str(out), "hindsight", split="train")
    assert len(hs) == report["configs"]["hindsight"]["rows"] == len({r["code"] for r in tsan_records[:6]})
    by_code = {r["code"]: r for r in rows}
    for row in hs:
        src = by_code[row["code"]]
        assert row["cot"] == src["cot"] and row["provenance"]["source_model"] == "llama-test"
        assert row["provenance"]["source_kind"] == "model" and row["provenance"]["cot_model"] == "teacher-test"
        assert row["completion"][0]["content"] == src["completion"]  # the step and the build agree on the text
        assert row["prompt"][0]["content"] == src["prompt"]


def test_distiset_with_a_candidates_subset_and_none_strings(tmp_path, tsan_records):
    """A real Distiset layout (subsets `candidates`, `no_cot`, plus distiset_configs) where optional columns were
    saved as the string 'None': every candidate becomes a row, seed implementations are not taken for mutants."""
    from datasets import Dataset, load_dataset

    from pcwm.pipelines.steps.format import CandidateRecords

    rows = _sandbox_rows(tsan_records[:6])
    for i, r in enumerate(rows):
        r.update(generator="seed" if i % 2 else "mutation", mutation_operator="None" if i % 2 else "drop_critical",
                 workpct="None", cot=None, cot_accepted=False)
    step = CandidateRecords()
    step.load()
    rows = next(step.process(rows))
    root = tmp_path / "distiset"
    for subset in ("candidates", "no_cot"):
        Dataset.from_list(rows).save_to_disk(str(root / subset / "train"))
    (root / "distiset_configs").mkdir()
    (root / "distiset_configs" / "pipeline.yaml").write_text("pipeline: {}\n")
    report = build_dataset([str(root)], tmp_path / "ds", BuildOptions(decontaminate=False, near_dup_threshold=None))
    no_cot = load_dataset(str(tmp_path / "ds"), "no_cot", split="train")
    assert len(no_cot) == report["configs"]["no_cot"]["rows"] == len({r["code"] for r in rows})
    kinds = {row["code"]: row["provenance"]["source_kind"] for row in no_cot}
    for r in rows:
        assert kinds[r["code"]] == ("seed_impl" if r["generator"] == "seed" else "mutation")


def test_a_pipeline_row_without_its_record_is_refused_by_name(tmp_path, tsan_records):
    from datasets import Dataset

    from pcwm.data.records import RecordError, load_records

    saved = tmp_path / "old_run" / "no_cot" / "train"
    Dataset.from_list(_sandbox_rows(tsan_records[:2])).save_to_disk(str(saved))
    with pytest.raises(RecordError, match="without its 'record' column"):
        load_records([str(tmp_path / "old_run")])


def test_format_sft_and_the_engine_write_the_same_record(tsan_records):
    """Two producers, one schema: the pipeline's record of a seed implementation equals the engine's (the parent
    differs in grain: the pipeline names the seed, the engine the implementation)."""
    from pcwm.pipelines.steps.format import candidate_record
    from pcwm.problems.candidates import Candidate

    r = tsan_records[0]
    row = {**_sandbox_rows([r])[0], "generator": "seed", "seed_id": r["problem_id"], "variant": "seed",
           "cot": None, "cot_accepted": False}
    cand = Candidate(id=f"{r['problem_id']}/impl/original", seed=r["problem_id"], parent=f"{r['problem_id']}/impl",
                     operator="original", kind="original", expected="no race", line=None, description="",
                     language=r["language"], file_name=r["code_name"], source=r["code"])
    ours, engine = candidate_record(row), cand.record(r["sandbox"])
    assert ours["source"].pop("parent") == r["problem_id"] and engine["source"].pop("parent") == cand.parent
    assert {k: ours[k] for k in engine} == engine
