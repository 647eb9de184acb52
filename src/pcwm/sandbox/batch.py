"""`run_many`: many programs under TSan, on a local pool of workers or on a Ray cluster.

Locally, a pool of `jobs` threads (default: one per core) runs `run_tsan` with the result cache. On a cluster (inside
`use_cluster(ADDRESS)`, which the batch commands enter with `--ray ADDRESS` / $RAY_ADDRESS) each program is one Ray
task declaring the CPUs it uses (`CPUS_PER_PROGRAM`). The driver (the process that called `run_many`) looks every
program up in the result cache first and sends only the misses; each task compiles and runs its program with no
cache of its own and returns the result; the driver writes the cache entry (atomically, once) and hands the result
on. So a cluster run and a local run give the same results for the same inputs, and one process writes outputs.

A node whose toolchain is missing or broken answers `sandbox_error` with an error that names the node, never a
label; each worker process probes its node's toolchain once (`verify_archer` is cached per process), and
`probe_nodes()` asks every node once up front so the driver can say which nodes are unusable. A task lost with its
node is retried by Ray on another node (`max_retries`); when Ray gives up it is a `sandbox_error` too.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed

from pcwm import cluster
from pcwm.errors import InfrastructureError
from pcwm.sandbox.cache import ResultCache
from pcwm.sandbox.result import SandboxResult, Status
from pcwm.sandbox.runner import Program, RunPlan, cache_key, clear_work_dirs, run_tsan
from pcwm.sandbox.toolchain import Toolchain, ToolchainError, verify_archer

log = logging.getLogger(__name__)

CPUS_PER_PROGRAM = 1  # like a local pool of one worker per core: a program's runs use its threads in turn
TASK_RETRIES = 3  # resubmissions of a task whose node died

_address: list[str | None] = [None]


def address() -> str | None:
    """The cluster `run_many` sends work to in this process, set by `use_cluster` (None: run locally)."""
    return _address[0]


@contextlib.contextmanager
def use_cluster(addr: str | None) -> Iterator[None]:
    """Inside the block, `run_many` runs on the Ray cluster at `addr` (None or "": locally, nothing changes).
    The batch commands call it with their `--ray ADDRESS` option (default: $RAY_ADDRESS)."""
    if not addr:
        yield
        return
    try:
        cluster.connect(addr)
        for name, err in probe_nodes().items():
            if err:
                log.warning("sandbox toolchain unusable on %s: its tasks answer sandbox_error", name)
        _address[0] = addr
        yield
    finally:
        _address[0] = None
        cluster.disconnect()


def run_many(
    programs: Iterable[Program],
    plan: RunPlan = RunPlan(),
    *,
    jobs: int | None = None,
    cache: ResultCache | None = None,
    on_result: Callable[[SandboxResult], None] | None = None,
) -> list[SandboxResult]:
    """Runs many programs on a pool of `jobs` workers (default: all cores), or on the Ray cluster of `use_cluster`
    (then `jobs` is not used: each program declares its CPUs); results in input order, the same either way."""
    progs = list(programs)
    if address():
        return run_many_ray(progs, plan, cache=cache, on_result=on_result)
    jobs = jobs or len(os.sched_getaffinity(0))
    clear_work_dirs(legacy=False)  # what killed pcwm processes left behind (never a live process's dirs)
    toolchain = Toolchain.detect()
    out: list[SandboxResult | None] = [None] * len(progs)
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = {pool.submit(run_tsan, p, plan, cache=cache, toolchain=toolchain): i for i, p in enumerate(progs)}
        for fut in as_completed(futures):
            res = fut.result()
            out[futures[fut]] = res
            if on_result:
                on_result(res)
    except BaseException:
        # A stop (KeyboardInterrupt, SandboxStopped) or an error: queued programs are dropped, running ones see
        # stopping.requested() and kill their sandboxed process; finished results were already handed out.
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return [r for r in out if r is not None]


def _node_error(exc: Exception | str) -> str:
    return f"node {cluster.node_name()}: {exc}"


def _node_toolchain() -> Toolchain:
    """This node's toolchain, probed once per worker process; ToolchainError names the node."""
    try:
        tc = Toolchain.detect()
        verify_archer(tc)
    except ToolchainError as exc:
        raise ToolchainError(_node_error(exc)) from None
    return tc


def _remote_run(program: Program, plan: RunPlan) -> tuple[str | None, SandboxResult]:
    """Runs in a Ray worker: (cache key, result) for one program, uncached; the driver caches it."""
    try:
        tc = _node_toolchain()
    except ToolchainError as exc:
        return None, SandboxResult(path=program.label, status=Status.SANDBOX_ERROR, stage="compile", error=str(exc))
    res = run_tsan(program, plan, cache=None, toolchain=tc)
    if res.status is Status.SANDBOX_ERROR:
        res.error = _node_error(res.error or "sandbox failure")
    return cache_key(program, plan, tc), res


def _probe() -> tuple[str, str | None]:
    try:
        _node_toolchain()
    except ToolchainError as exc:
        return cluster.node_name(), str(exc)
    return cluster.node_name(), None


def probe_nodes() -> dict[str, str | None]:
    """Every live node's toolchain, probed on that node: {node name: None when usable, else the error}."""
    ray = cluster.import_ray()
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    probe = ray.remote(num_cpus=0, max_retries=0)(_probe)
    refs = [probe.options(scheduling_strategy=NodeAffinitySchedulingStrategy(n["NodeID"], soft=False)).remote()
            for n in cluster.alive_nodes()]
    out: dict[str, str | None] = {}
    for ref in refs:
        try:
            name, err = ray.get(ref, timeout=300)
        except Exception as exc:  # noqa: BLE001 - a node that cannot even run the probe is unusable
            name, err = f"ray task {ref.hex()[:12]}", f"probe failed: {exc!r}"[:500]
        out[name] = err
    if out and all(out.values()):
        raise InfrastructureError("no node of the Ray cluster has a usable sandbox toolchain: "
                                  + "; ".join(f"{k}: {v}" for k, v in out.items()))
    return out


def run_many_ray(programs: list[Program], plan: RunPlan, *, cache: ResultCache | None,
                 on_result: Callable[[SandboxResult], None] | None = None,
                 cpus: float = CPUS_PER_PROGRAM) -> list[SandboxResult]:
    """run_many's Ray path (see the module docstring); results in input order."""
    ray = cluster.import_ray()
    out: list[SandboxResult | None] = [None] * len(programs)
    driver_key = _driver_keys(programs, plan) if cache is not None else {}
    pending: dict = {}
    task = ray.remote(num_cpus=cpus, max_retries=TASK_RETRIES, retry_exceptions=False)(_remote_run)
    for i, p in enumerate(programs):
        hit = cache.get(driver_key[i]) if cache is not None and driver_key.get(i) else None
        if hit is not None:
            hit.path, hit.cached = p.label, True
            out[i] = hit
            if on_result:
                on_result(hit)
        else:
            pending[task.remote(p, plan)] = i
    try:
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
            for ref in done:
                i = pending.pop(ref)
                res = _collect(ray, ref, programs[i], cache)
                out[i] = res
                if on_result:
                    on_result(res)
    finally:
        for ref in pending:  # stopped or failed: running programs are cancelled (their sandbox is killed)
            with contextlib.suppress(Exception):
                ray.cancel(ref, force=True)
    return [r for r in out if r is not None]


def _driver_keys(programs: list[Program], plan: RunPlan) -> dict[int, str]:
    """Cache keys as this process computes them (needs the toolchain here: the driver runs where its results go)."""
    try:
        tc = Toolchain.detect()
    except ToolchainError:
        return {}
    return {i: cache_key(p, plan, tc) for i, p in enumerate(programs)}


def _collect(ray, ref, program: Program, cache: ResultCache | None) -> SandboxResult:
    try:
        key, res = ray.get(ref)
    except Exception as exc:  # noqa: BLE001 - the task or its node died (Ray's retries exhausted)
        log.warning("sandbox task for %s failed on the cluster: %r", program.label, exc)
        return SandboxResult(path=program.label, status=Status.SANDBOX_ERROR, stage="run",
                             error=f"ray task failed: {exc!r}"[:2000])
    res.path = program.label
    if key:
        res.cache_key = key
        if cache is not None and res.status.is_cacheable:
            cache.put(key, res)
    return res

