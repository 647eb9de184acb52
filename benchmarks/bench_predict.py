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
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
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


@contextmanager
def tiny_endpoint(model_dir: str):
    """`transformers serve` on a free loopback port, 1 thread: yields (the /v1 URL, the served model folder); the
    server's process group is killed afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = shutil.which("transformers", path=str(Path(sys.executable).parent)) or "transformers"
    home = tempfile.mkdtemp(prefix="pcwm-bench-hf-")
    served = Path(home) / "tiny-sampling"  # chat models ship do_sample: true; serve decodes greedily without it
    shutil.copytree(model_dir, served)
    cfg = json.loads((served / "generation_config.json").read_text())
    cfg.update(do_sample=True, temperature=0.6, top_p=0.95)
    (served / "generation_config.json").write_text(json.dumps(cfg))
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HOME": home, "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_VERBOSITY": "error"}
    proc = subprocess.Popen([exe, "serve", str(served), "--host", "127.0.0.1", "--port", str(port), "--device", "cpu"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("transformers serve did not start") from None
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/v1", str(served)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(home, ignore_errors=True)


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
    from pcwm.tinymodel import build_tiny_model

    model_dir = str(build_tiny_model())
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
        with tiny_endpoint(model_dir) as (url, served):
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
