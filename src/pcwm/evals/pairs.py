"""The pareval_caliper pair set: candidate solutions -> driver validation + profile -> pairs of valid solutions.

Candidates come from the suite's solutions file (JSONL rows {problem, solution_id, source[, generator]}, or a folder
`<problem>/<solution_id>.hpp`) and/or a generator model prompted with ParEval's OpenMP prompt. Each candidate is
built into ParEval's driver and profiled once (pareval.profile_solution); it is kept only if it compiled, ran, and
passed the driver's validation at every thread count and repeat. Profiles are stored as they finish
(`pairs/profiles/part-*.parquet`, skipped on a rerun), and the kept solutions are written to
`pairs/solutions.jsonl` so another machine can rebuild the same set. Pairs: every two kept solutions of one problem.
Profiling runs one program at a time: concurrent programs would disturb each other's timings.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pyarrow as pa

from pcwm.evals.store import SuiteStore, slug
from pcwm.evals.tasks import TASK_TEMPLATES
from pcwm.worldmodel.prompts import TEMPLATES, user_prompt

log = logging.getLogger(__name__)
WORK = pa.struct([("threads", pa.int32()), ("pct", pa.float64())])
PROFILE_SCHEMA = pa.schema([
    pa.field("problem", pa.string()),
    pa.field("solution_id", pa.string()),
    pa.field("generator", pa.string()),
    pa.field("source", pa.string()),
    pa.field("source_hash", pa.string()),
    pa.field("profile_hash", pa.string()),
    pa.field("status", pa.string()),
    pa.field("valid", pa.bool_()),
    pa.field("work", pa.list_(WORK)),
    pa.field("host_id", pa.string()),
    pa.field("outcome_json", pa.string()),
])


def read_solutions(path: Path) -> list[dict]:
    """Solutions from a JSONL file or a `<problem>/<solution_id>.<ext>` folder."""
    if path.is_dir():
        return [{"problem": f.parent.name, "solution_id": f.stem, "source": f.read_text(), "generator": "file"}
                for f in sorted(path.glob("*/*")) if f.is_file()]
    rows = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: not JSON ({exc})") from None
        missing = {"problem", "solution_id", "source"} - set(row)
        if missing:
            raise ValueError(f"{path}:{n}: missing {', '.join(sorted(missing))}")
        row.setdefault("generator", "file")
        rows.append(row)
    return rows


def generate_solutions(suite, problems, gen) -> list[dict]:
    """Candidates from a generator model (samples_per_problem per problem); replies without code are dropped."""
    from pcwm.evals.pareval import candidate_from_response

    spec = suite.solutions
    prompts = [user_prompt(spec.prompt_template, {"item_id": p.name, "task": "pareval_solve"},
                           search=(TEMPLATES, TASK_TEMPLATES), prompt=p.prompt)
               for p in problems]
    outs = gen.generate(prompts, n=spec.samples_per_problem, temperature=spec.sampling.temperature,
                        top_p=spec.sampling.top_p, max_tokens=spec.sampling.max_tokens)
    rows = []
    for problem, texts in zip(problems, outs, strict=True):
        for k, text in enumerate(texts):
            code = candidate_from_response(problem, text)
            if code is None:
                log.info("%s: reply %d of %s holds no usable code", problem.name, k, gen.name)
                continue
            rows.append({"problem": problem.name, "solution_id": f"{slug(gen.name)}-{k}", "source": code,
                         "generator": gen.name})
    return rows


def profile_hash(spec, problem) -> str:
    d = spec.model_dump()
    d["size"] = spec.problem_size.get(problem.name) or spec.default_problem_size or problem.size
    d.pop("problem_size")
    return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:12]


def _profile_row(problem, cand: dict, spec, phash: str) -> dict:
    from pcwm.evals.pareval import profile_solution, region_work, source_hash

    outcome = profile_solution(problem, cand["source"], spec)
    if outcome.status == "sandbox_error":
        raise RuntimeError(f"profiler failed on {problem.name}/{cand['solution_id']}: {outcome.error}")
    work = region_work(outcome, list(spec.threads), spec.value)
    return {"problem": problem.name, "solution_id": cand["solution_id"], "generator": cand.get("generator", ""),
            "source": cand["source"], "source_hash": source_hash(cand["source"]), "profile_hash": phash,
            "status": outcome.status, "valid": outcome.valid, "host_id": outcome.host.host_id,
            "work": [{"threads": t, "pct": v} for t, v in work.items()], "outcome_json": outcome.to_json()}


def kept(row: dict) -> bool:
    return row["status"] == "ok" and row["valid"] is True and all(w["pct"] is not None for w in row["work"])


def build_pairs(suite, store: SuiteStore, *, generator=None, data_dir=None, pairs_from=None,
                on_progress=None) -> list[dict]:
    """The pair set of the suite (profiling whatever candidate is not profiled yet); see the module doc."""
    from pcwm.evals.pareval import load_problems, select_problems, source_hash

    problems = select_problems(load_problems(data_dir), suite.problems)
    by_name = {p.name: p for p in problems}
    pstore = SuiteStore(Path(pairs_from) if pairs_from else store.dir, "pairs")
    if pairs_from is None:
        cands = read_solutions(solutions_file(suite)) if suite.solutions.file else []
        if generator is not None:
            cands += generate_solutions(suite, problems, generator)
        cands = [c for c in cands if c["problem"] in by_name]
        done = {(r["source_hash"], r["profile_hash"]) for r in pstore.read("profiles", ["source_hash", "profile_hash"])}
        for i, cand in enumerate(cands):
            problem = by_name[cand["problem"]]
            phash = profile_hash(suite.profile, problem)
            if (source_hash(cand["source"]), phash) not in done:
                row = _profile_row(problem, cand, suite.profile, phash)
                pstore.append("profiles", [row], PROFILE_SCHEMA)
                log.info("profiled %d/%d %s/%s: %s%s", i + 1, len(cands), problem.name, cand["solution_id"],
                            row["status"], "" if kept(row) else " (dropped)")
                done.add((row["source_hash"], phash))
            if on_progress:
                on_progress(i + 1, len(cands))
    rows = _current_profiles(pstore.read("profiles"), suite.profile, by_name)
    return _pairs_from_rows(rows, suite, pstore)


def _current_profiles(rows: list[dict], spec, by_name: dict) -> list[dict]:
    """Profiles of the suite's problems measured with the suite's settings, newest per solution source."""
    out: dict[tuple, dict] = {}
    for r in rows:
        if r["problem"] in by_name and r["profile_hash"] == profile_hash(spec, by_name[r["problem"]]):
            out[(r["problem"], r["source_hash"])] = r
    return list(out.values())


def _pairs_from_rows(rows: list[dict], suite, pstore: SuiteStore) -> list[dict]:
    from pcwm.io import write_text_atomic

    per_problem: dict[str, list[dict]] = {}
    for r in sorted(rows, key=lambda r: (r["problem"], r["solution_id"])):
        if kept(r) and len(per_problem.setdefault(r["problem"], [])) < suite.max_solutions_per_problem:
            per_problem[r["problem"]].append(r)
    lines = [json.dumps({k: r[k] for k in ("problem", "solution_id", "source", "generator")})
             for sols in per_problem.values() for r in sols]
    write_text_atomic(pstore.dir / "solutions.jsonl", "".join(x + "\n" for x in lines))
    pairs = []
    for problem, sols in per_problem.items():
        for i, a in enumerate(sols):
            for b in sols[i + 1 :]:
                pairs.append({"item_id": f"{problem}:{a['solution_id']}|{b['solution_id']}", "problem": problem,
                              "a": _side(a), "b": _side(b)})
    return pairs


def _side(r: dict) -> dict:
    return {"problem": r["problem"], "solution_id": r["solution_id"], "source": r["source"],
            "source_hash": r["source_hash"], "work": {w["threads"]: w["pct"] for w in r["work"]}}


def profile_summary(store: SuiteStore) -> list[dict]:
    """Per profiled candidate: problem, solution, status, valid, kept (for `pcwm eval run` output)."""
    rows = SuiteStore(store.dir, "pairs").read("profiles", ["problem", "solution_id", "status", "valid", "work"])
    return [{**{k: r[k] for k in ("problem", "solution_id", "status", "valid")}, "kept": kept(r)} for r in rows]


def solutions_file(suite) -> Path:
    """The suite's solutions file: as written when absolute or present, else relative to the suite YAML."""
    p = Path(suite.solutions.file)
    if p.is_absolute() or p.exists():
        return p
    return Path(suite.source_path or ".").parent / p
