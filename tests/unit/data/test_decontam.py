"""Decontamination: a benchmark program planted in the build input never reaches the dataset, and is reported."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from data_fixtures import write_jsonl

from pcwm.data.build import BuildOptions, build_dataset
from pcwm.data.decontam import BenchmarkIndex, benchmark_programs
from pcwm.evals.benchmarks import locate

DRB_FILE = "DRB001-antidep1-orig-yes.c"

pytestmark = pytest.mark.needs_data("dataracebench", "pareval")


@pytest.fixture(scope="module")
def index() -> BenchmarkIndex:
    return BenchmarkIndex.default()


def _planted_record(tmp_path) -> dict:
    """A DRB program as if a model had written it for one of our problems, labelled by the real sandbox."""
    from pcwm.sandbox import Program, RunPlan, run_tsan
    from pcwm.sandbox.cache import ResultCache

    path = locate("dataracebench") / DRB_FILE
    res = run_tsan(Program.from_path(path), RunPlan(threads=(4,), runs=1), cache=ResultCache(tmp_path / "cache"))
    assert res.status.value in ("race", "ok"), f"sandbox could not label {DRB_FILE}: {res.status} {res.error}"
    return {"problem_id": "dense_linalg/axpy_norm", "domain": "dense_linalg", "variant": "v07", "language": "c",
            "code": path.read_text(), "code_name": DRB_FILE,
            "source": {"kind": "model", "model": "some-llm", "operator": None, "parent": None},
            "sandbox": res.to_dict(), "host": {"cores": 2}}


def test_planted_drb_program_is_dropped_and_listed(tmp_path, tsan_records):
    planted = _planted_record(tmp_path)
    src = write_jsonl(tmp_path / "records.jsonl", [*tsan_records[:10], planted, *tsan_records[10:]])
    out = tmp_path / "ds"
    report = build_dataset([str(src)], out, BuildOptions(near_dup_threshold=None))
    dropped = report["decontamination"]["dropped"]
    assert [d["program"] for d in dropped] == [DRB_FILE]
    assert dropped[0]["id"] == hashlib.sha256(planted["code"].encode()).hexdigest()[:16]
    assert dropped[0]["benchmark"] == "dataracebench" and dropped[0]["score"] == 1.0
    assert report["dropped"] == {"benchmark_overlap": 1}
    from datasets import load_dataset

    ds = load_dataset(str(out), "no_cot", split="train")
    assert len(ds) == len({r["code"] for r in tsan_records})
    assert not any("antidep" in row["code"] or row["code_name"] == DRB_FILE for row in ds)
    assert DRB_FILE in (out / "README.md").read_text()
    assert json.loads((out / "build_report.json").read_text())["decontamination"]["dropped"][0]["program"] == DRB_FILE


def test_reformatted_and_renamed_copies_are_caught(index):
    text = (locate("dataracebench") / "DRB020-privatemissing-var-yes.c").read_text()
    renamed = re.sub(r"\b(i|len|tmp|a|argc|argv)\b", lambda m: f"my_{m.group(1)}", text)
    reformatted = "\n".join(line.strip() for line in renamed.splitlines() if not line.strip().startswith("//"))
    hit = index.check(reformatted)
    assert hit is not None and hit.program == "DRB020-privatemissing-var-yes.c"
    assert index.check(text).channel == "verbatim"


def test_a_completed_pareval_prompt_is_caught(index):
    prompts = json.loads((locate("pareval") / "generation-prompts-omp-serial.json").read_text())
    p = next(x for x in prompts if x["parallelism_model"] == "omp" and len(x["prompt"]) > 300)
    body = "\n  int n = 0;\n  #pragma omp parallel for reduction(+:n)\n  for (int i = 0; i < 10; i++) n += i;\n"
    solution = p["prompt"] + body + "  return n;\n}\n"
    hit = index.check(solution)
    assert hit is not None and hit.benchmark == "pareval" and p["name"] in hit.program


def test_the_seed_bank_is_not_flagged(index):
    from pcwm.problems import load_bank

    bank = load_bank()
    sources = [i.source for _, i in bank.impls()] + [s.reference for s in bank]
    assert len(sources) > 200
    assert [s[:60] for s in sources if index.check(s) is not None] == []


def test_extra_sources_are_benchmarks_too(tmp_path, tsan_records):
    code = tsan_records[0]["code"]
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "solution.c").write_text(code)
    progs = benchmark_programs([tmp_path / "extra"], dataracebench=False, pareval=False)
    assert [p.benchmark for p in progs] == ["extra"]
    assert BenchmarkIndex(progs).check(code) is not None
    with pytest.raises(FileNotFoundError, match="does not exist"):
        benchmark_programs([tmp_path / "nope"])
