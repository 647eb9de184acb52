"""Calibration of our OMPT work-% tool against real Caliper, same host, same run, interleaved A/B.

Usage: python benchmarks/bench_caliper_calibration.py [--repeats 15] [--threads 2,4] [--seeds 32] [--out FILE]
                                                      [--only SUBSTR] [--from-json FILE] [--min-region-ms 50]
Each program is compiled twice exactly as `pcwm sandbox run --tool workpct` does (plain for `--backend ompt`,
annotated and linked with Caliper for `--backend caliper`), then run `repeats` times per thread count, the two
backends alternating (ABAB / BABA by repeat) so host load falls on both alike. Programs: the Caliper fixture
programs ($PCWM_SHARED_DATA/caliper-fixtures/programs, their own REGION marks) and `--seeds` seed-bank
implementations spread over the domains (run through their harness at the default size, or x --size-scale, or
grown until their regions take --min-region-ms per run; auto-annotated).
With --same-binary (the default) a third condition runs our tool on Caliper's own binary (Caliper's OMPT tool
off), so a gap that comes from the build rather than from what the tool counts shows up as such.
Per program, thread count and Caliper path: the medians of both tools, |difference of the medians|, and the median
and p90 of |ours - Caliper| over the repeat-paired runs; `A/A` is Caliper against its own next repeat (the
run-to-run noise floor of a single pair). The summary gives the median and p90 across programs of |diff of medians|.
Needs Caliper (bash sandbox/install-caliper.sh). Raw per-run values go to --out (JSON) for re-analysis.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

from pcwm.sandbox import caliper as cali
from pcwm.sandbox.profiler import PROFILE_FLAGS, as_program, backend_env, compile_for, run_measured
from pcwm.sandbox.toolchain import Toolchain
from pcwm.sandbox.workpct_ompt import build_tool, parse_tool_json, symbolize

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PCWM_SHARED_DATA", REPO.parent / "shared" / "data"))
SEEDS = REPO / "src" / "pcwm" / "problems" / "seeds"


def pick_seed_impls(n: int) -> list[Path]:
    """n implementations spread over the seed bank: round-robin over domains, then seeds, first impl first."""
    by_domain: dict[str, list[Path]] = {}
    for impl in sorted(SEEDS.glob("*/*/impls/*.c*")):
        by_domain.setdefault(impl.parts[-4], []).append(impl)
    picked: list[Path] = []
    queues = [sorted(v, key=lambda p: (p.name != sorted(x.name for x in p.parent.iterdir())[0], str(p)))
              for v in by_domain.values()]
    while len(picked) < n and any(queues):
        for q in queues:
            if q and len(picked) < n:
                picked.append(q.pop(0))
    return picked


def region_seconds(program, size: int, toolchain, tool, threads: int = 2, timeout_s: float = 30.0) -> float | None:
    """Seconds per thread our tool sees in work + sync for one run of a seed at `size` (None when it fails)."""
    with tempfile.TemporaryDirectory(prefix="pcwm-calib-size-") as tmp:
        b = compile_for(Path(tmp), program, toolchain, None, PROFILE_FLAGS, timeout_s)
        if b.result.returncode != 0:
            return None
        shutil.copy(tool, b.work / "libpcwm_workpct.so")
        res_file = b.work / "size.json"
        t0 = time.time()
        res = run_measured(b, (str(size),), backend_env(threads, res_file, b.work, None), timeout_s)
        if res.returncode != 0 or not res_file.exists() or time.time() - t0 > timeout_s / 2:
            return None
        regions, _ = parse_tool_json(res_file.read_text())
        return sum(r.work_s + r.sync_s for r in regions if r.key != "serial") / threads


def scaled_size(program, default: int, min_s: float, toolchain, tool, max_scale: int = 1024) -> int:
    """The smallest default_size x 4^k (k <= log4 max_scale) at which the seed's regions take >= min_s per run."""
    size, best = default, default
    while size <= default * max_scale:
        got = region_seconds(program, size, toolchain, tool)
        if got is None:  # too slow, too big or failing: keep the last size that ran
            return best
        best = size
        if got >= min_s:
            return size
        size *= 4
    return best


def programs(n_seeds: int, only: str | None, size_scale: float = 1.0, min_region_s: float = 0.0, tool=None):
    fixtures = SHARED / "caliper-fixtures" / "programs"
    out = [(p.stem, as_program(p)) for p in sorted(fixtures.glob("*.cpp"))]
    for impl in pick_seed_impls(n_seeds):
        seed = impl.parent.parent
        program = as_program(impl, harness=seed)
        name = f"{seed.parent.name}/{seed.name}/{impl.stem}"
        if only and not any(part in name for part in only.split(",")):
            continue
        size = yaml.safe_load((seed / "seed.yaml").read_text())["default_size"]
        if min_region_s > 0:  # argv[1] of the harness is the problem size (seeds/README.md)
            size = scaled_size(program, size, min_region_s, Toolchain.detect(), tool)
            program = dataclasses.replace(program, args=(str(size),))
            name += f" n={size}"
        elif size_scale != 1.0:
            program = dataclasses.replace(program, args=(str(max(1, round(size * size_scale))),))
        out.append((name, program))
    return [(name, p) for name, p in out if not only or any(part in name for part in only.split(","))]


def ours_paths(exe: Path, regions, spans: dict, program) -> dict[str, str]:
    """Our region key -> the Caliper path whose span holds its pragma line ("(outside)" when none does)."""
    where = symbolize(Toolchain.detect().symbolizer or "llvm-symbolizer-16", exe, [r.key for r in regions])
    mapped = {}
    for r in regions:
        loc = where.get(r.key)
        name = Path(loc[0]).name if loc else None
        path = "(outside)"
        if loc and name in (program.name, Path(program.label).name):
            path = next((p for p, (lo, hi) in spans.items() if lo <= loc[1] <= hi), "(outside)")
        mapped[r.key] = path
    return mapped


def measure_program(program, threads, repeats, tool, install, toolchain, timeout_s=120.0,
                    same_binary: bool = True) -> dict:
    """{t: {"ours": [{path: (work, sync, total)}], "caliper": [...], "ours_cb": [...]}} for one program, the
    conditions interleaved (order reversed on odd repeats). `ours_cb` (with `same_binary`): our tool on the very
    binary Caliper measures (annotated, linked with Caliper, Caliper's OMPT tool off), which separates what the tool
    counts from what the other build does to the run."""
    conditions = ("ours", "ours_cb", "caliper") if same_binary else ("ours", "caliper")
    with tempfile.TemporaryDirectory(prefix="pcwm-calib-") as tmp:
        builds = {}
        for backend in ("ours", "caliper"):
            work = Path(tmp) / backend
            work.mkdir()
            b = compile_for(work, program, toolchain, install if backend == "caliper" else None, PROFILE_FLAGS,
                            timeout_s)
            if b.result.returncode != 0:
                return {"error": f"{backend} compile: {b.result.stderr[-400:]}"}
            builds[backend] = b
            shutil.copy(tool, b.work / "libpcwm_workpct.so")
        key_to_path: dict[str, dict[str, str]] = {"ours": {}, "ours_cb": {}}
        out = {t: {c: [] for c in conditions} for t in threads}
        for rep in range(repeats):
            for t in threads:
                for cond in conditions if rep % 2 == 0 else conditions[::-1]:
                    b = builds["ours" if cond == "ours" else "caliper"]
                    res_file = b.work / f"r-{cond}-{t}-{rep}.json"
                    env = backend_env(t, res_file, b.work, install if cond == "caliper" else None)
                    if cond == "ours_cb":  # on the Caliper build, Caliper's own tool must decline so that ours attaches
                        env["CALI_USE_OMPT"] = "0"
                    res = run_measured(b, program.args, env, timeout_s)
                    if res.returncode != 0 or not res_file.exists():
                        return {"error": f"{cond} T={t}: exit {res.returncode} {res.stderr[-300:]}"}
                    if cond == "caliper":
                        rows = cali.parse_profile_json(res_file.read_text())
                        vals = {r.key: (r.work_s, r.sync_s, r.denominator_s) for r in cali.region_runs(rows) if r.key}
                    else:
                        regions, _ = parse_tool_json(res_file.read_text())
                        regions = [r for r in regions if r.key != "serial"]
                        paths = key_to_path[cond]
                        missing = [r for r in regions if r.key not in paths]
                        if missing:
                            paths.update(ours_paths(b.work / "prog", missing, builds["caliper"].spans, program))
                        vals = {}
                        for r in regions:
                            w, s, _ = vals.get(paths[r.key], (0.0, 0.0, 0.0))
                            vals[paths[r.key]] = (w + r.work_s, s + r.sync_s, w + r.work_s + s + r.sync_s)
                    out[t][cond].append(vals)
                    res_file.unlink()
        return {"runs": out}


def pct(v: list | tuple | None) -> float | None:
    """Work % of one path's (work, sync, work-or-sync) seconds; old raw files hold (work, sync) only."""
    if not v:
        return None
    tot = v[2] if len(v) > 2 else v[0] + v[1]
    return None if tot <= 0 else 100.0 * v[0] / tot


def total(vals: dict) -> tuple[float, ...]:
    return tuple(sum(x) for x in zip(*vals.values(), strict=True))


def p90(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.9 * (len(xs) - 1)))]


def rows_of(name: str, data: dict, ours_key: str = "ours") -> list[dict]:
    """One row per (thread count, path) plus the program total; `ours_key` picks the condition set against
    Caliper (`ours`: the plain build, `ours_cb`: the Caliper build). None when the data has no such condition."""
    rows = []
    for t, runs in data["runs"].items():
        if ours_key not in runs:
            return []
        paths = sorted({p for v in runs["caliper"] for p in v})
        for path in [*paths, "total"] if len(paths) > 1 else paths:
            ours = [pct(total(v) if path == "total" else v.get(path)) for v in runs[ours_key]]
            theirs = [pct(total(v) if path == "total" else v.get(path)) for v in runs["caliper"]]
            pairs = [abs(a - b) for a, b in zip(ours, theirs, strict=True) if a is not None and b is not None]
            aa = [abs(a - b) for a, b in zip(theirs, theirs[1:], strict=False) if a is not None and b is not None]
            o, c = [x for x in ours if x is not None], [x for x in theirs if x is not None]
            if not o or not c:
                continue
            # thread-seconds in work + sync per run / threads: about the wall time spent in the measured regions
            wall = statistics.median([sum(x[0] + x[1] for x in v.values()) / int(t) for v in runs[ours_key]])
            rows.append({
                "program": name, "threads": int(t), "path": path, "caliper": statistics.median(c), "wall_s": wall,
                "ours": statistics.median(o), "dmed": abs(statistics.median(o) - statistics.median(c)),
                "signed": statistics.median(o) - statistics.median(c),
                "pair_med": statistics.median(pairs), "pair_p90": p90(pairs),
                "aa_med": statistics.median(aa) if aa else float("nan"), "n": len(pairs),
                **half_splits(o, c),
            })
    return rows


def half_splits(ours: list[float], theirs: list[float]) -> dict:
    """The noise floor of a difference of medians: each tool's repeats split into even and odd halves.
    `cc`: |Caliper's two halves|; `oo`: |our two halves|; `oc`: ours against Caliper, a half of each (mean of the
    two crossings). If our tool measured what Caliper does, `oc` would sit at the level of `cc` and `oo`."""
    med = statistics.median
    if min(len(ours), len(theirs)) < 4:
        return {"oc": float("nan"), "cc": float("nan"), "oo": float("nan")}
    oe, oo_, ce, co = ours[0::2], ours[1::2], theirs[0::2], theirs[1::2]
    return {"oc": (abs(med(oe) - med(co)) + abs(med(oo_) - med(ce))) / 2, "cc": abs(med(ce) - med(co)),
            "oo": abs(med(oe) - med(oo_))}


def whole_program_rows(rows: list[dict]) -> list[dict]:
    """A program's `total` row, or its only path's row when it has one region."""
    return [r for r in rows if r["path"] == "total" or
            sum(1 for x in rows if x["program"] == r["program"] and x["threads"] == r["threads"]) == 1]


def print_summary(console: Console, rows: list[dict], label: str) -> None:
    """Median and p90 across programs of |diff of medians|, per thread count, with the half-against-half floors."""
    for t in sorted({r["threads"] for r in rows}):
        per_prog = [r for r in whole_program_rows(rows) if r["threads"] == t]
        d = [r["dmed"] for r in per_prog]
        pm = [r["pair_med"] for r in per_prog]
        console.print(f"{label}, T={t}: {len(d)} programs; |diff of medians| median {statistics.median(d):.2f}, "
                      f"p90 {p90(d):.2f}; per-run pairs: median of medians {statistics.median(pm):.2f}, "
                      f"median of p90s {statistics.median([r['pair_p90'] for r in per_prog]):.2f}")
        halves = {k: [r[k] for r in per_prog if r.get(k) == r.get(k)] for k in ("oc", "cc", "oo")}  # drop NaN
        if all(halves.values()):
            console.print(f"{label}, T={t}: half against half (median / p90 over programs): ours vs Caliper "
                          f"{statistics.median(halves['oc']):.2f} / {p90(halves['oc']):.2f}; Caliper vs Caliper "
                          f"{statistics.median(halves['cc']):.2f} / {p90(halves['cc']):.2f}; ours vs ours "
                          f"{statistics.median(halves['oo']):.2f} / {p90(halves['oo']):.2f}")


def print_tables(results: dict, meta: dict) -> None:
    console = Console(width=190)
    table = Table(title=f"ours vs Caliper, same host, A/B interleaved, {meta['repeats']} repeats; "
                  f"{meta['cores']} cores, load {meta['load_start']} -> {meta['load_end']}")
    for col in ("program", "T", "path", "Caliper med", "ours med", "ours-Cal", "|d| pair med", "|d| pair p90",
                "A/A med", "ours on Cal build", "its ours-Cal"):
        table.add_column(col, justify="left" if col in ("program", "path") else "right")
    rows, rows_cb = [], []
    for name, data in results.items():
        if "error" in data:
            table.add_row(name, "", "error: " + data["error"][:80], *[""] * 8)
            continue
        cb = {(r["threads"], r["path"]): r for r in rows_of(name, data, "ours_cb")}
        rows_cb.extend(cb.values())
        for r in rows_of(name, data):
            rows.append(r)
            same = cb.get((r["threads"], r["path"]))
            table.add_row(r["program"], str(r["threads"]), r["path"][:28], f"{r['caliper']:.1f}", f"{r['ours']:.1f}",
                          f"{r['signed']:+.1f}", f"{r['pair_med']:.1f}", f"{r['pair_p90']:.1f}", f"{r['aa_med']:.1f}",
                          f"{same['ours']:.1f}" if same else "", f"{same['signed']:+.1f}" if same else "")
    console.print(table)
    print_summary(console, rows, "ours (plain build, as --backend ompt runs)")
    if rows_cb:
        print_summary(console, rows_cb, "ours on Caliper's binary")
    by_time = Table(title="|diff of medians| per program (whole program) by time spent in its measured regions")
    for col in ("region time per run", "programs x T", "median", "p90", "median ours-Cal"):
        by_time.add_column(col, justify="right")
    for label, band_rows in (("", rows), (" (ours on Caliper's binary)", rows_cb)):
        programs_rows = whole_program_rows(band_rows)
        for lo, hi, name in ((0, 0.005, "< 5 ms"), (0.005, 0.05, "5-50 ms"), (0.05, float("inf"), ">= 50 ms")):
            band = [r for r in programs_rows if lo <= r["wall_s"] < hi]
            if band:
                d = [r["dmed"] for r in band]
                by_time.add_row(name + label, str(len(d)), f"{statistics.median(d):.1f}", f"{p90(d):.1f}",
                                f"{statistics.median(r['signed'] for r in band):+.1f}")
    console.print(by_time)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--threads", default="2,4")
    ap.add_argument("--seeds", type=int, default=32)
    ap.add_argument("--only", help="only programs whose name contains one of these (comma-separated)")
    ap.add_argument("--size-scale", type=float, default=1.0, help="seeds: run at default_size x this")
    ap.add_argument("--min-region-ms", type=float, default=0.0,
                    help="seeds: grow the size (x4 steps, up to x1024) until regions take this long per run")
    ap.add_argument("--same-binary", action=argparse.BooleanOptionalAction, default=True,
                    help="also run our tool on Caliper's own binary (Caliper's OMPT off): a third interleaved "
                         "condition that separates the tool's counting from the effect of the other build")
    ap.add_argument("--out", type=Path, help="write raw per-run values here (JSON)")
    ap.add_argument("--from-json", type=Path, help="print the tables of an earlier --out file, measure nothing")
    args = ap.parse_args()
    if args.from_json:
        saved = json.loads(args.from_json.read_text())
        print_tables(saved["results"], saved["meta"])
        return
    install = cali.find_caliper()
    if install is None:
        raise SystemExit("no Caliper found: run bash sandbox/install-caliper.sh first")
    toolchain = Toolchain.detect()
    tool = build_tool(toolchain.cc, toolchain.version)
    threads = tuple(int(x) for x in args.threads.split(","))
    meta = {"repeats": args.repeats, "threads": threads, "cores": len(os.sched_getaffinity(0)),
            "load_start": f"{os.getloadavg()[0]:.2f}", "caliper": str(install.prefix), "started": time.ctime()}
    results = {}
    meta["size_scale"], meta["min_region_ms"] = args.size_scale, args.min_region_ms
    for name, program in programs(args.seeds, args.only, args.size_scale, args.min_region_ms / 1000, tool):
        t0 = time.time()
        results[name] = measure_program(program, threads, args.repeats, tool, install, toolchain,
                                        same_binary=args.same_binary)
        print(f"{name}: {time.time() - t0:.1f}s load {os.getloadavg()[0]:.2f}", flush=True)
        if args.out:
            meta["load_end"] = f"{os.getloadavg()[0]:.2f}"
            tmp = args.out.with_suffix(".tmp")
            tmp.write_text(json.dumps({"meta": meta, "results": results}))
            tmp.replace(args.out)
    meta["load_end"] = f"{os.getloadavg()[0]:.2f}"
    print_tables(json.loads(json.dumps(results)), meta)


if __name__ == "__main__":
    main()
