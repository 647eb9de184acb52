"""Speed and accuracy of the static world model (pcwm.static) on DataRaceBench and on TSan-labelled mutants.

Usage: python benchmarks/bench_static.py [--mutants OUT_OF_pcwm_problems_mutate] [--repeats 3] [--misses]
                                        [--dump VERDICTS.json]
DataRaceBench: $PCWM_BENCH_DATA/dataracebench (default ../shared/data), comments blanked as the suites do; labels
are DRB's file names (read here to score, never shown to the model). Mutants: the finished candidates of
`pcwm problems mutate --out DIR` (their TSan label `actual`, and the label the operator `expected`). The clean row is
DataRaceBench without the programs a thread-level dynamic tool cannot decide (pcwm.evals.drb). --dump writes every
program's verdict (races with rule and lines, or the undecided reason) so two versions can be compared exactly.
Time per program is the analysis alone (parse + walk + pairing), best of --repeats, one process, one thread, as
CPU time of this process (other work on a shared machine inflates wall-clock time, shown for the slowest program).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]


def timed(code: str, lang: str, repeats: int):
    """(verdict, best wall seconds, best CPU seconds) over `repeats` analyses."""
    from pcwm.static import analyze

    wall, cpu, verdict = float("inf"), float("inf"), None
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        verdict = analyze(code, lang)
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start)
    return verdict, wall, cpu


def drb_items(repeats: int) -> list[dict]:
    os.environ.setdefault("PCWM_BENCH_DATA", str(REPO.parent / "shared" / "data"))
    from pcwm.evals.drb import load_programs
    from pcwm.worldmodel.prompts import code_language, strip_comments

    rows = []
    for p in load_programs():
        code = strip_comments(p.path.read_text(errors="replace"))
        verdict, secs, cpu = timed(code, code_language(p.name), repeats)
        rows.append({"name": p.name, "truth": p.has_race, "verdict": verdict, "s": secs, "cpu": cpu,
                     "plabels": p.plabels,
                     "clean": p.clean})
    return rows


def parse_ms(name: str, repeats: int) -> float:
    """CPU time (ms, best of `repeats`) of tree-sitter's parse alone of one DataRaceBench program."""
    from pcwm.evals.drb import load_programs
    from pcwm.problems.omp_source import parser_for
    from pcwm.worldmodel.prompts import code_language, strip_comments

    p = next(p for p in load_programs() if p.name == name)
    data, parser = strip_comments(p.path.read_text(errors="replace")).encode(), parser_for(code_language(name))
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        parser.parse(data)
        best = min(best, time.process_time() - start)
    return 1000 * best


def mutant_items(folder: Path, repeats: int, label: str) -> list[dict]:
    rows = []
    for f in sorted(folder.glob("candidates/*/candidate.json")):
        rec = json.loads(f.read_text())
        if rec.get(label) not in ("race", "no race"):
            continue
        verdict, secs, cpu = timed(rec["source"], rec.get("language", "c"), repeats)
        rows.append({"name": rec["id"], "truth": rec[label] == "race", "verdict": verdict, "s": secs, "cpu": cpu,
                     "plabels": [rec.get("operator", "")]})
    return rows


def scores(rows: list[dict]) -> dict:
    pred = [None if r["verdict"].undecided else bool(r["verdict"].races) for r in rows]
    tp = sum(p is True and r["truth"] for p, r in zip(pred, rows, strict=True))
    fp = sum(p is True and not r["truth"] for p, r in zip(pred, rows, strict=True))
    fn = sum(p is not True and r["truth"] for p, r in zip(pred, rows, strict=True))
    ok = sum(p == r["truth"] for p, r in zip(pred, rows, strict=True))
    ms = sorted(1000 * r["cpu"] for r in rows)
    slowest = max(rows, key=lambda r: r["cpu"])
    return {"slowest": slowest["name"], "wall_max": 1000 * max(r["s"] for r in rows),
            "n": len(rows), "accuracy": ok / len(rows), "precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / (tp + fn) if tp + fn else float("nan"), "undecided": pred.count(None),
            "ms_mean": statistics.mean(ms), "ms_median": statistics.median(ms), "ms_p95": ms[int(0.95 * (len(ms) - 1))],
            "ms_max": ms[-1]}


def verdicts(sets: dict) -> dict:
    """name -> verdict (races as [type, lines, var, rule], or the undecided reason) for every program."""
    out = {}
    for rows in sets.values():
        for r in rows:
            v = r["verdict"]
            out[r["name"]] = v.undecided or [[x.type, list(x.lines), x.var, x.rule] for x in v.races]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mutants", type=Path, help="Output folder of `pcwm problems mutate`.")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--misses", action="store_true", help="List wrong programs with the rules that fired.")
    ap.add_argument("--dump", type=Path, help="Write every program's verdict to this JSON file.")
    args = ap.parse_args()
    from pcwm.static import analyze

    drb = drb_items(args.repeats)
    sets = {"DataRaceBench (DRB labels)": drb, "DataRaceBench clean subset": [r for r in drb if r["clean"]]}
    if args.mutants:
        sets["mutants (TSan label)"] = mutant_items(args.mutants, args.repeats, "actual")
        sets["mutants (operator's expected label)"] = mutant_items(args.mutants, 1, "expected")
    analyze("int main(void) { return 0; }", "c")  # load the grammar before timing
    table = Table(title=f"static world model (load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; ms = CPU "
                        f"time per program, best of {args.repeats}; wall max = slowest wall-clock time)")
    cols = ["set", "n", "accuracy", "precision", "recall", "undecided", "ms mean", "ms median", "ms p95", "ms max",
            "wall max", "slowest"]
    for c in cols:
        table.add_column(c, justify="left" if c == "set" else "right")
    for name, rows in sets.items():
        s = scores(rows)
        table.add_row(name, str(s["n"]), f"{s['accuracy']:.3f}", f"{s['precision']:.3f}", f"{s['recall']:.3f}",
                      str(s["undecided"]), *(f"{s[k]:.1f}" for k in ("ms_mean", "ms_median", "ms_p95", "ms_max",
                                                                     "wall_max")), s["slowest"][:28])
    console = Console(width=200)
    console.print(table)
    slowest = max(drb, key=lambda r: r["cpu"])
    console.print(f"slowest DataRaceBench program: {slowest['name']} {1000 * slowest['cpu']:.1f} ms, of which "
                  f"tree-sitter's parse {parse_ms(slowest['name'], args.repeats):.1f} ms (CPU, best of {args.repeats})")
    if args.dump:
        args.dump.write_text(json.dumps(verdicts(sets), indent=1, sort_keys=True))
    if args.misses:
        for name, rows in sets.items():
            if "clean" in name or "expected" in name:
                continue
            console.print(f"[bold]{name}: wrong")
            for r in rows:
                v = r["verdict"]
                pred = None if v.undecided else bool(v.races)
                if pred != r["truth"]:
                    why = v.undecided or "; ".join(f"{x.rule} {x.var} {x.lines}" for x in v.races[:2]) or "-"
                    console.print(f"  {'FN' if r['truth'] else 'FP'} {r['name']} [{','.join(r['plabels'])}]: {why}")


if __name__ == "__main__":
    main()
