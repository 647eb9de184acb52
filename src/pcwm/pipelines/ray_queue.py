"""distilabel's RayPipeline with all of a run's queues in one light Ray actor.

distilabel 1.5.3 gives every step an input queue, plus an output, a load and a log queue, each a
`ray.util.queue.Queue`: one Ray actor process per queue (8 for the offline recipe). Worse, Ray deserializes an actor
method's arguments, so the first `_Batch` put into a queue makes its actor import distilabel (with datasets and
pandas: about 2 s of CPU and 100 MB each), and the batch waits for that. On a small node this start-up was most of
Ray's fixed cost for a run (benchmarks/bench_ray.py).

Here one actor (pcwm.cluster.queues.QueueHub, started with the run) holds every queue, as pickled bytes, so it
never imports distilabel. A `HubQueue` is picklable (the hub's handle and its key) and is handed to the step actors
as distilabel's queues are. Measured with `--limit 2` on 2 cores: batches no longer wait about 1.2 s at each hop
between steps, and the run starts one actor process instead of eight for its queues.

Imported only on the Ray path (it imports ray). distilabel picks the queue class through the `QueueClass`
property; the touch point is listed in pcwm.pipelines.compat.
"""

from __future__ import annotations

import itertools

from distilabel.pipeline.ray import RayPipeline

from pcwm.cluster.queues import HubQueue, QueueHub


class HubRayPipeline(RayPipeline):
    """RayPipeline whose queues all live in one `QueueHub` actor, started when the first queue is made (after
    distilabel's `ray.init`)."""

    _hub = None
    _keys = None

    @property
    def QueueClass(self):  # noqa: N802 - distilabel's name
        def make(actor_options: dict | None = None) -> HubQueue:  # distilabel names each queue actor: one hub here
            if self._hub is None:
                self._hub, self._keys = QueueHub.remote(), itertools.count()
            return HubQueue(self._hub, next(self._keys))

        return make

    @classmethod
    def of(cls, pipeline) -> HubRayPipeline:
        """The Ray form of a local `pipeline` (built by pcwm.pipelines.compat as `Pipeline.ray()` builds it)."""
        from pcwm.pipelines.compat import ray_pipeline_of

        return ray_pipeline_of(pipeline, cls)
