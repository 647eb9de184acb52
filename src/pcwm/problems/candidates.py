"""The offline candidate engine: seed implementations, their mutants and rewrites, labelled by the sandbox.

`make_candidates(bank)` lists every candidate (the seed's own implementations as `original`, race-injecting mutants,
harmless rewrites) with its expected label; `run_candidates(...)` runs them under TSan through each seed's harness
(cached, resumable: a candidate whose folder already holds a finished record for the same source is not rerun) and
fills in the actual label; `select_balanced` and `operator_report` make the balanced set and the per-operator
figures. Output layout (documented in `pcwm problems mutate --help`):

    OUT/candidates/<id with / -> __>/<file>      the candidate source (e.g. atomic_increment.c)
                                    /diff.patch  unified diff against the parent implementation (empty for originals)
                                    /result.json the full sandbox result (runs, stdout/stderr, provenance)
                                    /candidate.json  the record below; written last, so its presence = finished
    OUT/candidates.jsonl   every finished candidate (one record per line, with source)
    OUT/selected.jsonl     the balanced race / no-race selection
    OUT/report.json        per-operator figures and the selection summary
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pcwm.io import write_json_atomic, write_text_atomic
from pcwm.problems.bank import Bank, Seed
from pcwm.problems.mutations import OPERATORS, mutate
from pcwm.sandbox.result import race_label

log = logging.getLogger(__name__)
RACE, NO_RACE = "race", "no race"
LABELS = (RACE, NO_RACE)


@dataclass
class Candidate:
    """One program to label: where it comes from, what we expect, and (once run) what TSan said."""

    id: str  # <seed id>/<impl stem>/<operator>-<site>, or <seed id>/<impl stem>/original
    seed: str
    parent: str  # implementation id the candidate derives from (itself for originals)
    operator: str  # "original" or an operator name
    kind: str  # "original" | "race" | "harmless"
    expected: str  # "race" | "no race"
    line: int | None
    description: str
    language: str
    file_name: str
    source: str
    diff: str = ""
    status: str | None = None  # the sandbox status once run
    actual: str | None = None  # "race" | "no race" | None (did not compile/run to an answer)
    races: list[dict] = field(default_factory=list)
    valid: bool | None = None  # the harness's verdict
    cached: bool = False

    @property
    def source_sha(self) -> str:
        return hashlib.sha256(self.source.encode()).hexdigest()[:16]

    @property
    def folder_name(self) -> str:
        return self.id.replace("/", "__")

    def to_json(self) -> dict:
        return {**asdict(self), "source_sha": self.source_sha}

    def record(self, sandbox: dict, **extra) -> dict:
        """The candidate record of `pcwm.data.schema` (the input of `pcwm dataset build`) for this candidate and
        its sandbox result (`SandboxResult.to_dict()`); `extra` adds fields such as a CoT."""
        kind = {"original": "seed_impl", "harmless": "rewrite"}.get(self.kind, "mutation")
        return {"problem_id": self.seed, "domain": self.seed.split("/")[0], "variant": "seed",
                "language": self.language, "code": self.source, "code_name": self.file_name,
                "source": {"kind": kind, "model": None, "operator": None if kind == "seed_impl" else self.operator,
                           "parent": self.parent},
                "sandbox": sandbox, **extra}

    @classmethod
    def from_json(cls, d: dict) -> Candidate:
        d = {k: v for k, v in d.items() if k != "source_sha"}
        return cls(**d)


def actual_label(status: str) -> str | None:
    """TSan's label for a sandbox status: race, or no race for a program that ran (valid or not); else None."""
    return race_label(status)


def make_candidates(bank: Bank | Iterable[Seed], *, operators: list[str] | None = None, max_sites: int | None = 2,
                    originals: bool = True, mutants: bool = True, file_name: str | None = None) -> list[Candidate]:
    """All candidates of the bank: per implementation, the original, then every operator's mutants (at most
    `max_sites` sites per implementation and operator, spread evenly over the sites; None = all).

    `file_name`: the name every candidate is compiled (and its races reported) under, e.g. `candidate_file(lang)`
    for world-model data; None: the implementation's own file name (`pcwm problems mutate`)."""
    return [c for seed in bank for impl in seed.impls for c in impl_candidates(
        seed, impl, operators=operators, max_sites=max_sites, originals=originals, mutants=mutants,
        file_name=file_name)]


def impl_candidates(seed: Seed, impl, *, operators: list[str] | None = None, max_sites: int | None = 2,
                    originals: bool = True, mutants: bool = True, file_name: str | None = None) -> list[Candidate]:
    """The candidates of one implementation of `seed` (see `make_candidates`)."""
    fname = file_name or f"{impl.stem}{seed.suffix}"
    out = []
    if originals:
        out.append(Candidate(id=f"{impl.id}/original", seed=seed.id, parent=impl.id, operator="original",
                             kind="original", expected=NO_RACE, line=None, description=impl.strategy,
                             language=seed.language, file_name=fname, source=impl.source))
    if not mutants:
        return out
    by_op: dict[str, list] = defaultdict(list)
    for m in mutate(impl.source, seed.language, parent=impl.id, file_name=fname, operators=operators):
        by_op[m.operator].append(m)
    for muts in by_op.values():
        for m in _spread(muts, max_sites):
            out.append(Candidate(id=m.id, seed=seed.id, parent=impl.id, operator=m.operator, kind=m.kind,
                                 expected=m.expected, line=m.line, description=m.description,
                                 language=seed.language, file_name=fname, source=m.source, diff=m.diff))
    return out


def everywhere_candidate(seed: Seed, impl, operator: str, *, file_name: str | None = None,
                         max_rounds: int = 100) -> Candidate | None:
    """The implementation with `operator` applied at every site (again on its own output until no site is left, e.g.
    every reduction clause dropped), or None when the operator finds no site. Id: `<impl id>/<operator>-all`."""
    fname = file_name or f"{impl.stem}{seed.suffix}"
    source, first, rounds = impl.source, None, 0
    while muts := mutate(source, seed.language, parent=impl.id, file_name=fname, operators=[operator]):
        first, source, rounds = first or muts[0], muts[0].source, rounds + 1
        if rounds > max_rounds:
            raise RuntimeError(f"{impl.id}: {operator} still finds sites after {max_rounds} rounds")
    if first is None:
        return None
    diff = "".join(difflib.unified_diff(impl.source.splitlines(True), source.splitlines(True), f"a/{fname}",
                                        f"b/{fname}"))
    return Candidate(id=f"{impl.id}/{operator}-all", seed=seed.id, parent=impl.id, operator=operator, kind=first.kind,
                     expected=first.expected, line=first.line, description=f"{operator} at every site ({rounds})",
                     language=seed.language, file_name=fname, source=source, diff=diff)


def _spread(items: list, k: int | None) -> list:
    if k is None or len(items) <= k:
        return items
    return [items[(j * len(items)) // k] for j in range(k)]


def run_key(plan) -> str:
    """What a stored label depends on besides the source: the sandbox version and the run plan."""
    from pcwm.sandbox.runner import SANDBOX_VERSION

    blob = json.dumps({"v": SANDBOX_VERSION, "plan": asdict(plan)}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


class CandidateStore:
    """The OUT folder: one folder per finished candidate, written atomically, plus the JSONL index files.

    A stored candidate counts as finished only for the same source and the same run key (sandbox version + plan):
    after a sandbox or plan change, a rerun relabels everything (the result cache is keyed the same way).
    """

    def __init__(self, out: str | Path, key: str = ""):
        self.out = Path(out)
        self.key = key
        self.dir = self.out / "candidates"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.errors: list[str] = []  # ids of candidates the sandbox itself failed on

    def finished(self, cand: Candidate) -> Candidate | None:
        """The stored record of `cand` if it was run before on the same source."""
        p = self.dir / cand.folder_name / "candidate.json"
        try:
            d = json.loads(p.read_text())
        except (OSError, ValueError):
            return None
        if d.get("source_sha") != cand.source_sha or d.get("run_key", "") != self.key or d.get("status") is None:
            return None
        d.pop("run_key", None)
        return Candidate.from_json(d)

    def save(self, cand: Candidate, result_dict: dict) -> None:
        folder = self.dir / cand.folder_name
        write_text_atomic(folder / cand.file_name, cand.source)
        write_text_atomic(folder / "diff.patch", cand.diff)
        write_json_atomic(folder / "result.json", result_dict)
        write_json_atomic(folder / "candidate.json", {**cand.to_json(), "run_key": self.key})

    def write_jsonl(self, name: str, cands: Iterable[Candidate]) -> Path:
        path = self.out / name
        write_text_atomic(path, "".join(json.dumps(c.to_json()) + "\n" for c in cands))
        return path


def _order(cands: list[Candidate]) -> list[Candidate]:
    """Round-robin over operators, each in a fixed pseudo-random order of ids: early stops stay diverse."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for c in sorted(cands, key=lambda c: hashlib.sha1(c.id.encode()).hexdigest()):
        groups[c.operator].append(c)
    queues = [deque(v) for _, v in sorted(groups.items())]
    out = []
    while queues:
        for q in list(queues):
            out.append(q.popleft())
            if not q:
                queues.remove(q)
    return out


def run_candidates(cands: list[Candidate], bank: Bank, store: CandidateStore, *, plan=None, jobs: int = 2,
                   cache=None, per_label: int | None = None,
                   on_done: Callable[[Candidate], None] | None = None) -> list[Candidate]:
    """Runs candidates in the sandbox and stores them; returns every finished candidate.

    With `per_label`, stops once that many race and that many no-race labels are in hand, drawing first on the
    candidates expected to fill the missing label (mutants for races, originals and rewrites for no-race).
    """
    from pcwm.sandbox import RunPlan

    plan = plan or RunPlan(stop_on_race=True)
    store.key = run_key(plan)
    done, pending = [], []
    for c in cands:
        (done.append(f) if (f := store.finished(c)) is not None else pending.append(c))
    for c in done:
        if on_done:
            on_done(c)
    if per_label is None:
        return done + _run_batch(pending, bank, store, plan, jobs, cache, on_done)
    have = {lab: sum(1 for c in done if c.actual == lab) for lab in LABELS}
    queues = {RACE: deque(_order([c for c in pending if c.expected == RACE])),
              NO_RACE: deque(_order([c for c in pending if c.expected != RACE]))}
    while any(have[lab] < per_label for lab in LABELS) and (queues[RACE] or queues[NO_RACE]):
        batch = []
        for lab in LABELS:
            want = min(per_label - have[lab], 4 * jobs)
            own, other = queues[lab], queues[NO_RACE if lab == RACE else RACE]
            while want > 0 and (own or other):
                batch.append((own or other).popleft())
                want -= 1
        for c in _run_batch(batch, bank, store, plan, jobs, cache, on_done):
            done.append(c)
            if c.actual in have:
                have[c.actual] += 1
    return done


def _run_batch(batch, bank, store, plan, jobs, cache, on_done) -> list[Candidate]:
    from pcwm.sandbox import run_many

    if not batch:
        return []
    by_id = {c.id: c for c in batch}
    seeds = {s.id: s for s in bank}
    programs = [seeds[c.seed].program(c.source, name=c.file_name, path=c.id) for c in batch]
    finished = []

    def on_result(res):
        cand = by_id[res.path]
        if res.status.value == "sandbox_error":  # a failure of the sandbox, never a label: not stored, rerun later
            log.error("sandbox error on %s: %s", cand.id, (res.error or "")[-500:])
            store.errors.append(cand.id)
            return
        cand.status, cand.actual, cand.valid = res.status.value, actual_label(res.status.value), res.valid
        cand.races, cand.cached = [asdict(r) for r in res.races], res.cached
        store.save(cand, res.to_dict())
        finished.append(cand)
        if on_done:
            on_done(cand)

    run_many(programs, plan, jobs=jobs, cache=cache, on_result=on_result)
    return finished


def select_balanced(done: list[Candidate], max_total: int | None = None) -> list[Candidate]:
    """Equal numbers of race and no-race candidates (TSan labels), spread over operators and seeds."""
    by_label = {lab: _order([c for c in done if c.actual == lab]) for lab in LABELS}
    n = min(len(v) for v in by_label.values())
    if max_total is not None:
        n = min(n, max_total // 2)
    return by_label[RACE][:n] + by_label[NO_RACE][:n]


def operator_report(made: list[Candidate], done: list[Candidate]) -> list[dict]:
    """Per operator: mutants made, run, compile rate, TSan race rate (of compiled), rewrite ok rate."""
    rows = []
    made_by = defaultdict(int)
    for c in made:
        made_by[c.operator] += 1
    done_by = defaultdict(list)
    for c in done:
        done_by[c.operator].append(c)
    for op in ["original", *OPERATORS]:
        if not made_by[op]:
            continue
        runs = done_by[op]
        compiled = [c for c in runs if c.status != "compile_error"]
        races = [c for c in compiled if c.actual == RACE]
        ok = [c for c in runs if c.actual == NO_RACE and c.valid]
        statuses = defaultdict(int)
        for c in runs:
            statuses[c.status] += 1
        rows.append({
            "operator": op,
            "kind": "original" if op == "original" else OPERATORS[op][0],
            "made": made_by[op],
            "run": len(runs),
            "compile_rate": _rate(len(compiled), len(runs)),
            "race_rate": _rate(len(races), len(compiled)),
            "ok_rate": _rate(len(ok), len(runs)),
            "expected_rate": _rate(sum(1 for c in runs if c.actual == c.expected), len(runs)),
            "statuses": dict(sorted(statuses.items())),
        })
    return rows


def _rate(k: int, n: int) -> float | None:
    return round(k / n, 3) if n else None


@dataclass
class SeedCheck:
    """The sandbox verdict on one program of a seed: its reference (through the harness) or an implementation."""

    seed: str
    program: str  # "reference" or the implementation stem
    status: str
    valid: bool | None
    races: list[dict]
    wall_s: float

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.valid is True


def validate_bank(bank: Bank | Iterable[Seed], *, plan=None, jobs: int = 2, cache=None,
                  on_check: Callable[[SeedCheck], None] | None = None) -> list[SeedCheck]:
    """Runs every seed's reference and implementations through its harness under TSan: each must validate
    (`PCWM_CHECK PASS`) and be race-free at every thread count of the plan."""
    from pcwm.sandbox import RunPlan, run_many

    programs, meta = [], {}
    for seed in bank:
        for stem, prog in [("reference", seed.reference_program())] + [
                (impl.stem, seed.program(impl.source, name=impl.stem, path=impl.id)) for impl in seed.impls]:
            programs.append(prog)
            meta[prog.path] = (seed.id, stem)
    checks = []

    def on_result(res):
        seed_id, stem = meta[res.path]
        chk = SeedCheck(seed=seed_id, program=stem, status=res.status.value, valid=res.valid,
                        races=[asdict(r) for r in res.races], wall_s=round(sum(r.wall_s for r in res.runs), 3))
        checks.append(chk)
        if on_check:
            on_check(chk)

    run_many(programs, plan or RunPlan(), jobs=jobs, cache=cache, on_result=on_result)
    order = {v: k for k, v in enumerate(meta.values())}
    return sorted(checks, key=lambda c: order[(c.seed, c.program)])
