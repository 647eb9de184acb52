"""Running pcwm's work on a Ray cluster: connecting, naming nodes, checking what the cluster offers.

Used by `run.engine: ray` (pcwm.pipelines.run) and by the sandbox's batch layer (`--ray ADDRESS` / RAY_ADDRESS,
pcwm.sandbox.batch). Ray is an optional extra (`pip install 'pcwm[ray]'`): without it, `connect` raises
ModuleNotFoundError, which the CLI turns into the one-line install hint (pcwm.extras).

Resources pcwm asks Ray for:
- `CPU`: a TSan sandbox replica or task declares the cores it uses, so Ray packs them onto nodes;
- `pcwm_node` (custom, 1 per node: `ray start --resources '{"pcwm_node": 1}'`, as slurm/ray_cluster.slurm does):
  a work-% profile replica takes the node's one token, so two profiles never share a node.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading

from pcwm.errors import InfrastructureError

log = logging.getLogger(__name__)

NODE_RESOURCE = "pcwm_node"
# Driver environment passed on to every task and actor (the cache must be the same shared folder everywhere).
# The toolchain ($PCWM_CC, ...) is each node's own: it is probed there, not forwarded.
FORWARDED_ENV = ("PCWM_CACHE_DIR", "PCWM_BENCH_CACHE", "PCWM_BENCH_DATA", "PCWM_CALIPER_PREFIX", "DISTILABEL_CACHE_DIR",
                 "PCWM_LOG_LEVEL")


def import_ray():
    """`ray`; without it the ModuleNotFoundError, which the CLI reports in one line naming the 'ray' extra."""
    import ray

    return ray


def connect(address: str | None) -> None:
    """Connects this process to the cluster at `address` (host:port, `auto`, or `local` for a new one-machine
    cluster); a no-op when already connected. Forwards pcwm's environment (FORWARDED_ENV) to the workers."""
    ray = import_ray()
    if ray.is_initialized():
        return
    env = {k: os.environ[k] for k in FORWARDED_ENV if os.environ.get(k)}
    # distilabel's own classes trip a harmless pydantic warning in every worker, which Ray would echo here
    env["PYTHONWARNINGS"] = "ignore:The 'default' attribute"
    kwargs = {"runtime_env": {"env_vars": env}}
    target = None if address in (None, "", "local") else address
    try:
        with _own_signals():
            ray.init(address=target, logging_level=logging.WARNING, configure_logging=False, **kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise InfrastructureError(f"cannot connect to the Ray cluster at {address or 'a new local cluster'}: "
                                  f"{exc}") from None
    log.info("connected to Ray: %s", ray.cluster_resources())


class _own_signals:
    """Keeps this process's SIGINT/SIGTERM handling across `ray.init`.

    A Ray driver gets a Python SIGTERM handler (`sys.exit`) and, at the C level, abseil's failure-signal handler,
    which answers SIGTERM with a stack dump and SIGABRT. Both outlive `ray.shutdown` and are inherited by forked
    workers: Slurm's SIGTERM would abort the driver before pcwm's graceful stop (pcwm.stopping), and a
    multiprocessing pool's `terminate()` could no longer end its workers. Setting the previous handlers again after
    `ray.init` puts them back at the C level too."""

    def __enter__(self):
        main = threading.current_thread() is threading.main_thread()
        self.saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)} if main else {}

    def __exit__(self, *exc):
        for sig, handler in self.saved.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


def disconnect() -> None:
    try:
        import ray
    except ModuleNotFoundError:
        return
    if ray.is_initialized():
        ray.shutdown()


def node_name() -> str:
    """How errors name the node this process runs on: $PCWM_NODE_NAME or the host name, plus Ray's node id."""
    name = os.environ.get("PCWM_NODE_NAME") or socket.gethostname()
    try:
        import ray

        if ray.is_initialized():
            return f"{name} (ray node {ray.get_runtime_context().get_node_id()[:12]})"
    except (ModuleNotFoundError, RuntimeError, AttributeError):
        pass
    return name


def alive_nodes() -> list[dict]:
    """The cluster's live nodes as Ray lists them (NodeID, NodeManagerAddress, Resources, ...)."""
    ray = import_ray()
    return [n for n in ray.nodes() if n.get("Alive")]


def require(cpus: float = 0, resources: dict[str, float] | None = None, replicas: int = 1, what: str = "") -> None:
    """Fails before anything is scheduled when no node (or not enough nodes) can hold `replicas` of a request:
    Ray would otherwise keep the request pending for ever and the run would hang."""
    need = {"CPU": cpus, **(resources or {})}
    fits = 0
    for n in alive_nodes():
        have = n.get("Resources", {})
        per_node = min((int(have.get(k, 0) // v) if v else replicas) for k, v in need.items())
        fits += per_node
    if fits < replicas:
        asked = ", ".join(f"{k}={v:g}" for k, v in need.items() if v)
        hint = (f" (start each node with --resources '{{\"{NODE_RESOURCE}\": 1}}', as slurm/ray_cluster.slurm does)"
                if NODE_RESOURCE in need else "")
        raise InfrastructureError(f"{what or 'work'}: the Ray cluster can hold {fits} of the {replicas} replica(s) "
                                  f"asking {asked}{hint}")
