"""`run.engine: ray`: a recipe's pipeline on a Ray cluster through distilabel's RayPipeline.

`to_ray(pipeline, recipe)` connects to the cluster named by `run.ray_address_env` (RAY_ADDRESS by default; unset: a
new one-machine cluster), checks before anything is scheduled that the cluster can hold every step's replicas (Ray
would otherwise keep them pending and the run would hang), probes every node's sandbox toolchain, and returns the
RayPipeline. Steps are Ray actors: Sandbox replicas declare their CPUs (and work-% replicas the node's `pcwm_node`
token, see pcwm.pipelines.builders.sandbox_resources); distilabel's queues and the light steps take no CPU while they
run.

`NodeWatch` guards a run: a node that dies takes its actors and the batches they held with it, and distilabel
1.5.3 would wait for those batches for ever. The watch notices the loss, names the node and stops the run; the run
then fails with an InfrastructureError (exit 4) and leaves its run marker, so the rerun starts distilabel afresh and
replays finished work from pcwm's content caches: no row lost, none twice.
"""

from __future__ import annotations

import logging
import os
import threading

from pcwm import cluster, stopping
from pcwm.errors import InfrastructureError

log = logging.getLogger(__name__)


def to_ray(pipeline, recipe):
    """The RayPipeline of `pipeline`, connected and checked (see the module docstring)."""
    from pcwm.pipelines.ray_queue import HubRayPipeline
    from pcwm.sandbox.batch import probe_nodes

    cluster.connect(os.environ.get(recipe.run.ray_address_env))
    for name in pipeline.dag:
        step = pipeline.dag.get_step(name)["step"]
        res = step.resources
        if res.cpus or res.resources:
            cluster.require(cpus=res.cpus or 0, resources=res.resources, replicas=res.replicas,
                            what=f"step {name}")
    for node, err in probe_nodes().items():
        if err:
            log.warning("sandbox toolchain unusable on %s: its sandbox replicas will fail to load", err)
        else:
            log.info("sandbox toolchain ok on %s", node)
    return HubRayPipeline.of(pipeline)


class NodeWatch:
    """While a Ray run goes on, checks every few seconds that the nodes alive at the start still are."""

    def __init__(self, stop, interval_s: float = 2.0):
        self._stop_run = stop
        self.interval_s = interval_s
        self.lost: list[str] = []
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> NodeWatch:
        self._start = {n["NodeID"]: _label(n) for n in cluster.alive_nodes()}
        self._thread = threading.Thread(target=self._watch, name="pcwm-node-watch", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _watch(self) -> None:
        while not self._done.wait(self.interval_s):
            try:
                alive = {n["NodeID"] for n in cluster.alive_nodes()}
            except Exception:  # noqa: BLE001 - the head itself is gone: the run cannot go on either
                alive = set()
            lost = [label for node, label in self._start.items() if node not in alive]
            if lost:
                self.lost = lost
                log.error("Ray node(s) lost during the run: %s; stopping (rerun the same command to resume)",
                          ", ".join(lost))
                stopping.start_deadline(2)  # SIGINT's number: a stop that cannot finish is ended by the deadline
                try:
                    self._stop_run()
                except Exception:  # noqa: BLE001 - the deadline ends the run if the graceful stop cannot
                    log.exception("stopping the Ray run failed")
                return

    def check(self) -> None:
        """Raises the InfrastructureError of a run that lost nodes."""
        if self.lost:
            raise InfrastructureError(f"Ray node(s) lost during the run: {', '.join(self.lost)}; their batches "
                                      "are gone: rerun the same command to resume from pcwm's caches")


def _label(node: dict) -> str:
    res = node.get("Resources", {})
    return f"{node.get('NodeManagerHostname', '?')} {node.get('NodeManagerAddress', '?')} " \
           f"(ray node {node['NodeID'][:12]}, {res.get('CPU', 0):g} CPU)"
