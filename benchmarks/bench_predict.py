"""Latency and tokens per `pcwm predict` call: local model, the same model behind an OpenAI-compatible endpoint,
and the real tool (the `baseline:oracle` model runs TSan in the sandbox) for comparison.

Usage: python benchmarks/bench_predict.py [--repeats 3] [--max-tokens 96] [--samples 1,4] [--no-endpoint]
Inputs: DataRaceBench programs from $PCWM_BENCH_DATA/dataracebench (default ../shared/data) and a partial snippet.
Local generation uses 1 torch thread (see ../shared/FACTS.md: 2 shared cores). The endpoint is `transformers serve`
with the tiny model on loopback. Latency excludes loading the model (shown apart); tokens are the decoded
completions re-tokenized. The tiny model's output is noise: its figures measure pcwm's overhead and a 4M-parameter
model, not what a 7B world model costs on a GPU.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the one `transformers serve` helper, shared with the tests

from transformers_serve import serving_model  # noqa: E402

SNIPPET = "#pragma omp parallel for\nfor (int i = 0; i < n; i++) {\n  sum += a[i] * a[i];\n}\n"


def inputs() -> list[tuple[str, str, str, str]]:
    """(label, tool, file name, code)."""
    os.environ.setdefault("PCWM_BENCH_DATA", str(REPO.parent / "shared" / "data"))
    from pcwm.evals.benchmarks import locate

    drb = locate("dataracebench", fetch=False)
    read = lambda n: (drb / n).read_text(errors="replace")  # noqa: E731
    return [
        ("DRB001 (C, racy)", "tsan", "DRB001-antidep1-orig-yes.c", read("DRB001-antidep1-orig-yes.c")),
        ("DRB086 (C++, racy)", "tsan", "DRB086-static-data-member-orig-yes.cpp",
         read("DRB086-static-data-member-orig-yes.cpp")),
        ("snippet (no main)", "tsan", "kernel.c", SNIPPET),
        ("DRB045 work % pair", "workpct", "DRB045-doall1-orig-no.c", read("DRB045-doall1-orig-no.c")),
    ]


def measure(label, backend, model, tool, name, code, samples, args, table, **kw) -> None:
    from pcwm.predict import predict

    lat, toks, load, pred, parsed = [], [], 0.0, None, 0
    for _ in range(args.repeats):
        pred = predict(code, tool=tool, model=model, samples=samples, file_name=name, max_tokens=args.max_tokens,
                       threads=(4, 16, 64, 128), **kw)
        lat.append(pred.latency_s)
        load = max(load, pred.load_s)
        parsed += samples - pred.n_unparseable
        if pred.completion_tokens:
            toks.append(statistics.mean(pred.completion_tokens))
    med = statistics.median(lat)
    per_tok = statistics.mean(toks) if toks else None
    rate = "-" if not per_tok else f"{per_tok * samples / med:.0f}"
    table.add_row(backend, label, str(samples), "-" if pred.prompt_tokens is None else str(pred.prompt_tokens),
                  "-" if per_tok is None else f"{per_tok:.0f}", f"{med:.2f}", f"{med / samples:.2f}", rate,
                  f"{load:.1f}", f"{parsed / (samples * args.repeats):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3, help="calls per cell (median latency)")
    ap.add_argument("--max-tokens", type=int, default=96)
    ap.add_argument("--samples", default="1,4")
    ap.add_argument("--no-endpoint", action="store_true", help="skip the transformers-serve endpoint")
    args = ap.parse_args()
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["PCWM_CACHE_DIR"] = tempfile.mkdtemp(prefix="pcwm-bench-cache-")  # the oracle runs TSan cold
    from pcwm.models.tiny import tiny_model_path

    model_dir = str(tiny_model_path())
    samples = [int(x) for x in args.samples.split(",")]
    table = Table(title=f"pcwm predict: latency and tokens per prediction (max {args.max_tokens} new tokens, "
                        f"median of {args.repeats}; {len(os.sched_getaffinity(0))} cores, "
                        f"load {os.getloadavg()[0]:.1f})")
    for col in ("backend", "input", "samples", "prompt tok", "completion tok/sample", "latency s", "s/sample",
                "tok/s", "load s", "parse rate"):
        table.add_column(col, justify="left" if col in ("backend", "input") else "right")
    cases = inputs()
    for label, tool, name, code in cases:
        for n in samples:
            measure(label, "local (tiny, 1 thread)", "tiny", tool, name, code, n, args, table, cpu_threads=1)
    if not args.no_endpoint:
        with tempfile.TemporaryDirectory(prefix="pcwm-bench-hf-") as home, serving_model(model_dir, home) as url:
            served = model_dir
            os.environ["PCWM_BENCH_BASE_URL"] = url
            for label, tool, name, code in cases:
                for n in samples:
                    measure(label, "endpoint (transformers serve, tiny)", f"openai:{served}", tool, name, code, n, args,
                            table, base_url_env="PCWM_BENCH_BASE_URL")
    for label, tool, name, code in cases:
        if tool == "tsan":  # the real tool, cold cache: what a prediction saves (compile + 3 TSan runs)
            saved = args.repeats
            args.repeats = 1
            measure(label, "real TSan (baseline:oracle)", "baseline:oracle", tool, name, code, 1, args, table)
            args.repeats = saved
    Console(width=200).print(table)


if __name__ == "__main__":
    main()
