"""Running a recipe: build the pipeline, run it (resuming from distilabel's cache), save the Distiset, summarise.

Resume: distilabel caches every batch a step finishes under `$DISTILABEL_CACHE_DIR/<name>/<signature>/`; rerunning
the same recipe continues from there. SIGINT (Ctrl-C) and a SIGTERM to the main process (`kill PID`) become
distilabel's graceful stop: in-flight batches finish or are put back, buffers are flushed, the run exits 130
("stopped") without writing its output, and the rerun continues from distilabel's cache, losing and repeating nothing.

A hard kill (SIGKILL, OOM, power loss, or a SIGTERM to the whole process group, which kills the step workers too:
the run then exits 143) leaves distilabel 1.5.3's cache inconsistent: batches that were being
processed are recorded as sent but never come back, and a resumed run waits for them forever (measured here). A
marker file (`pcwm-run.json` in the pipeline's cache folder) tells a clean end from a hard kill; after a hard kill
the next run starts distilabel afresh and replays from pcwm's own content caches instead (sandbox results, work-%
profiles and LLM responses are all cached by content), so finished work costs a file read and the rows come out
the same, none lost and none twice.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import platform
import shutil
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pcwm import stopping
from pcwm.cluster import disconnect
from pcwm.errors import InfrastructureError, Stopped
from pcwm.io import write_json_atomic
from pcwm.pipelines.compat import (
    distilabel_logging,
    on_batch,
    on_graceful_stop,
    output_loop_errors,
    pipeline_cache_dir,
    request_graceful_stop,
)
from pcwm.pipelines.ray_engine import NodeWatch, to_ray

if TYPE_CHECKING:
    from distilabel.distiset import Distiset

    from pcwm.config import GenerateRecipe

log = logging.getLogger(__name__)


@dataclass
class RunReport:
    """What one run produced: where, how much, how long."""

    recipe: str
    output_dir: str
    wall_s: float
    summary: dict[str, Any] = field(default_factory=dict)


class PipelineStopped(Stopped, RuntimeError):
    """The run was stopped (SIGINT/SIGTERM) before the end; rerunning the same command resumes it."""


class RunMarker:
    """`pcwm-run.json` in the pipeline's cache folder while a run is in progress; left behind only by a hard kill."""

    def __init__(self, cache_dir: str | Path, name: str):
        self.path = Path(cache_dir) / name / "pcwm-run.json"

    def previous_killed(self) -> bool:
        """True when a previous run died without a clean stop; an error when one is still running on this host."""
        try:
            info = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return self.path.exists()
        if info.get("host") == platform.node() and _alive(info.get("pid")):
            raise RuntimeError(f"another run of this pipeline is in progress (pid {info['pid']}); its marker: "
                               f"{self.path}")
        return True

    def start(self) -> None:
        write_json_atomic(self.path, {"pid": os.getpid(), "host": platform.node(), "started": time.time()})

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def _alive(pid) -> bool:
    import psutil

    try:
        return psutil.Process(int(pid)).status() != psutil.STATUS_ZOMBIE
    except (psutil.Error, TypeError, ValueError):
        return False


def _watch_stop(pipeline) -> dict:
    """Records whether distilabel's graceful stop was triggered, and arms pcwm's hard-stop deadline when it is.

    distilabel's SIGINT handler (installed during `Pipeline.run`) starts its graceful stop (hooked by
    `compat.on_graceful_stop`); pcwm's SIGTERM action (see `_graceful_stop`) ends up there too. If the graceful
    stop cannot finish (its workers were killed by a signal to the whole group, and `Pool.terminate` then waits for
    ever), `pcwm.stopping`'s deadline kills what is left and exits without clearing the run marker, so the next run
    replays finished work from pcwm's caches.
    """
    state = {"stopped": False}

    def stopped() -> None:
        state["stopped"] = True
        stopping.start_deadline(signal.SIGINT)

    on_graceful_stop(pipeline, stopped)
    return state


class _StepProgress:
    """A progress display on stderr: rows each step has handed back, and which steps are done."""

    def __init__(self, pipeline):
        self.steps = list(pipeline.dag.G.nodes) if hasattr(pipeline, "dag") else []
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                 TextColumn("{task.completed:>6.0f} rows"), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=False)
        self.progress.__enter__()
        for name in self.steps:
            self.tasks[name] = self.progress.add_task(f"{name:<24}", total=None)
        return self

    def update(self, step: str, rows: int, last: bool) -> None:
        if step not in self.tasks:
            self.tasks[step] = self.progress.add_task(f"{step:<24}", total=None)
        task = self.tasks[step]
        self.progress.advance(task, rows)
        if last:
            done = self.progress.tasks[task].completed
            self.progress.update(task, total=done, completed=done, description=f"{step:<24} done")

    def __exit__(self, *exc):
        self.progress.__exit__(*exc)


def _graceful_stop(signum: int) -> None:
    """pcwm's stop action while distilabel runs: hand SIGTERM to distilabel's own graceful stop (its SIGINT)."""
    if signum != signal.SIGINT:
        os.kill(os.getpid(), signal.SIGINT)


def run_recipe(recipe: GenerateRecipe, *, dump: str | Path | None = None, use_cache: bool | None = None,
               output_dir: str | Path | None = None, push: bool = True) -> RunReport:
    """Builds and runs the recipe's pipeline; saves the Distiset and summary.json under the output dir."""
    from pcwm.pipelines.builders import build_pipeline

    if recipe.run.cache_dir:
        os.environ["DISTILABEL_CACHE_DIR"] = recipe.run.cache_dir
    pipeline = build_pipeline(recipe)
    if dump:
        dump_pipeline(pipeline, dump)
    if recipe.run.engine == "ray":
        try:
            return _run(to_ray(pipeline, recipe), recipe, use_cache, output_dir, push)
        finally:
            disconnect()
    return _run(pipeline, recipe, use_cache, output_dir, push)


def _run(pipeline, recipe: GenerateRecipe, use_cache: bool | None, output_dir, push: bool) -> RunReport:
    use = recipe.run.use_cache if use_cache is None else use_cache
    marker = RunMarker(pipeline_cache_dir(pipeline), pipeline.name)
    if marker.previous_killed() and use:
        log.warning("the previous run of %s was killed without a clean stop; distilabel's cache of it is not "
                    "consistent, so this run starts afresh and replays finished work from pcwm's caches",
                    recipe.name)
        use = False
    marker.start()
    state = _watch_stop(pipeline)
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        import datasets

        datasets.disable_progress_bars()  # the step progress below counts the rows; datasets' own bars are noise
    t0 = time.monotonic()
    ray = recipe.run.engine == "ray"
    watch = NodeWatch(lambda: request_graceful_stop(pipeline)) if ray else contextlib.nullcontext()
    with stopping.on_stop(_graceful_stop), distilabel_logging(), _StepProgress(pipeline) as progress, \
            on_batch(pipeline, progress.update), output_loop_errors(pipeline) as loop_errors, watch:
        try:
            distiset = pipeline.run(use_cache=use)
        except Exception as exc:
            if not type(exc).__module__.startswith("ray."):
                raise
            # a lost node's actors (distilabel's queues among them) take the run down: the marker stays, the rerun
            # replays from pcwm's caches
            raise InfrastructureError(f"{recipe.name}: the Ray run failed ({type(exc).__name__}: "
                                      f"{str(exc)[:300]}); a node was probably lost. Nothing was written; rerun "
                                      "the same command to resume") from exc
    wall = time.monotonic() - t0
    if isinstance(watch, NodeWatch):
        watch.check()  # a lost node took batches with it: the marker stays, the rerun replays from pcwm's caches
    if loop_errors:  # the results it never received are missing from the Distiset: never write it as complete
        raise InfrastructureError(f"{recipe.name}: distilabel's output loop failed after {wall:.0f} s "
                                  f"({type(loop_errors[0]).__name__}: {str(loop_errors[0])[:300]}); on Ray this "
                                  "means a node was lost. Nothing was written; rerun the same command to resume")
    marker.clear()  # distilabel's state is consistent after both a normal end and a graceful stop
    if state["stopped"] or distiset is None:
        raise PipelineStopped(f"{recipe.name}: stopped after {wall:.0f} s; rerun the same command to resume")
    out = Path(output_dir or recipe.output_dir)
    save_distiset(distiset, out)
    summary = summarize(distiset, recipe, wall)
    write_json_atomic(summary_path(out), summary)
    if push and recipe.output.push_to_hub:
        distiset.push_to_hub(recipe.output.push_to_hub, private=recipe.output.private, generate_card=False)
    return RunReport(recipe=recipe.name, output_dir=str(out), wall_s=wall, summary=summary)


def dump_pipeline(pipeline, path: str | Path) -> Path:
    """The pipeline as YAML for `distilabel pipeline run --config PATH` (written atomically)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(f".{p.name}.tmp")
    pipeline.save(path=tmp, format="yaml")
    os.replace(tmp, p)
    return p


def save_distiset(distiset: Distiset, out: Path) -> None:
    """Saves to `out` atomically: written next to it, then swapped in (the previous output survives a crash)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    old = out.with_name(f".{out.name}.old")
    for p in (tmp, old):
        shutil.rmtree(p, ignore_errors=True)
    distiset.save_to_disk(tmp, save_card=False, save_pipeline_log=True)
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def _rows(distiset: Distiset, subset: str) -> list[dict]:
    if subset not in distiset:
        return []
    ds = distiset[subset]
    split = ds["train"] if hasattr(ds, "keys") and "train" in ds else ds
    return split.to_list()


def _rate(k: int, n: int) -> float | None:
    return round(k / n, 4) if n else None


def _subsets(recipe: GenerateRecipe) -> list[str]:
    """The SFT leaves the recipe's pipeline has (see pcwm.pipelines.builders)."""
    if recipe.pipeline == "caliper":
        return ["pairs_no_cot"] + (["pairs_hindsight"] if recipe.cot.mode != "none" else [])
    if recipe.pipeline == "offline":
        return ["no_cot"]
    from pcwm.config import COT_MODES

    return ["no_cot", *COT_MODES[recipe.cot.mode]]


def summarize(distiset: Distiset, recipe: GenerateRecipe, wall_s: float) -> dict[str, Any]:
    """Problems, candidates, compile rate, race rate, CoT acceptance, wall time (and per-status counts)."""
    from pcwm.sandbox.result import is_label

    cands = _rows(distiset, "candidates")
    status = Counter(r["status"] for r in cands)
    labelled = [r for r in cands if is_label(r["status"])]
    n = len(cands)
    s: dict[str, Any] = {
        "recipe": recipe.name,
        "pipeline": recipe.pipeline,
        "wall_s": round(wall_s, 1),
        "seeds": len({r["seed_id"] for r in cands}),
        "problems": len({r["problem_id"] for r in cands}),
        "candidates": n,
        "by_generator": dict(Counter(r["generator"] for r in cands)),
        "status": dict(status),
        "compile_rate": _rate(n - status.get("compile_error", 0), n),
        "labelled": len(labelled),
        "race_rate": _rate(status.get("race", 0), len(labelled)) if recipe.sandbox.tool == "tsan" else None,
        "sandbox_errors": status.get("sandbox_error", 0),
        "sandbox_cached": sum(1 for r in cands if r.get("cached")),
        "sandbox_s": round(sum(r.get("sandbox_wall_s") or 0 for r in cands), 1),
    }
    for subset in _subsets(recipe):
        s[f"rows_{subset}"] = len(_rows(distiset, subset))  # a leaf that kept nothing is absent from the Distiset
    k = recipe.cot.num_generations
    if recipe.pipeline == "tsan":
        eligible = sum(1 for r in labelled if r.get("outcome"))
        for kind in ("hindsight", "no_hindsight", "no_hindsight_filtered"):
            if f"rows_{kind}" in s:
                s[f"cot_{kind}_generated"] = eligible * k
                s[f"cot_{kind}_acceptance"] = _rate(s[f"rows_{kind}"], eligible * k)
                s.update(_cot_log(distiset, f"{kind}_cot_log", f"cot_{kind}"))
    if recipe.pipeline == "caliper":
        s["pairs"] = s.get("rows_pairs_no_cot", 0)
        s["pair_candidates"] = _pair_candidates(distiset)
        s["oversubscribed"] = sum(1 for r in cands if r.get("oversubscribed"))
        if "rows_pairs_hindsight" in s:
            s["cot_pair_generated"] = s["pairs"] * k
            s["cot_pair_acceptance"] = _rate(s["rows_pairs_hindsight"], s["pairs"] * k)
            s.update(_cot_log(distiset, "pair_cot_log", "cot_pair"))
    return s


def _cot_log(distiset: Distiset, subset: str, prefix: str) -> dict[str, Any]:
    """Every CoT sample's fate from a `*_cot_log` leaf: drops by reason, response shapes, teacher tokens."""
    log_rows = _rows(distiset, subset)
    kept = [r for r in log_rows if r.get("cot_accepted")]
    out: dict[str, Any] = {
        f"{prefix}_dropped": dict(Counter(r.get("cot_rejection") or "rejected" for r in log_rows
                                          if not r.get("cot_accepted"))),
        f"{prefix}_shapes": dict(Counter(r.get("cot_shape") or "none" for r in log_rows)),
    }
    for what in ("prompt", "completion"):
        vals = [r[f"cot_{what}_tokens"] for r in log_rows if r.get(f"cot_{what}_tokens") is not None]
        out[f"{prefix}_{what}_tokens"] = sum(vals) if vals else None
    agrees = [r["cot_agrees"] for r in kept if r.get("cot_agrees") is not None]
    if agrees:
        out[f"{prefix}_prediction_agrees"] = _rate(sum(agrees), len(agrees))
    return out


def _pair_candidates(distiset: Distiset) -> int:
    """Distinct candidates that appear in at least one pair."""
    return len({c for r in _rows(distiset, "pairs_no_cot") for c in (r["candidate_id_a"], r["candidate_id_b"])})


def summary_path(output_dir: str | Path) -> Path:
    """Inside the Distiset's config folder (every other entry of the folder is read as a subset)."""
    return Path(output_dir) / "distiset_configs" / "summary.json"


def load_summary(output_dir: str | Path) -> dict:
    p = summary_path(output_dir)
    try:
        return json.loads(p.read_text())
    except OSError as exc:
        raise FileNotFoundError(f"no summary at {p} (run `pcwm generate --recipe ...` first)") from exc
