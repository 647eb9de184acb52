"""The queues of a Ray run (pcwm.cluster.queues): one hub actor holds them all, carries items it could not even
import, and keeps distilabel's queue semantics (order per queue, blocking get, Empty on timeout / nowait)."""

from __future__ import annotations

import queue
import sys
import textwrap
import time

import pytest


@pytest.fixture
def hub(ray_cluster):
    from pcwm import cluster
    from pcwm.cluster.queues import QueueHub

    with ray_cluster.client():
        cluster.connect(ray_cluster.address)
        try:
            yield QueueHub.remote()
        finally:
            cluster.disconnect()


def test_queues_of_one_hub_are_separate_and_ordered(hub):
    from pcwm.cluster.queues import HubQueue

    a, b = HubQueue(hub, 0), HubQueue(hub, 1)
    for i in range(5):
        a.put({"seq": i})
    b.put_nowait(None)  # distilabel's stop sentinel
    assert a.qsize() == 5 and not a.empty() and b.qsize() == 1
    assert [a.get()["seq"] for _ in range(5)] == list(range(5))
    assert b.get_nowait() is None and a.empty() and b.empty()
    with pytest.raises(queue.Empty):
        a.get_nowait()
    t0 = time.monotonic()
    with pytest.raises(queue.Empty):
        a.get(timeout=0.3)
    assert time.monotonic() - t0 >= 0.3


def test_a_blocked_get_on_one_queue_does_not_hold_up_another(hub):
    import ray

    from pcwm.cluster.queues import HubQueue

    waiting = hub.get.remote(7, None)  # blocks in the hub until something arrives on queue 7
    other = HubQueue(hub, 8)
    other.put("x")
    assert other.get(timeout=10) == "x"
    HubQueue(hub, 7).put("late")
    from ray import cloudpickle

    assert cloudpickle.loads(ray.get(waiting, timeout=30)) == "late"


def test_items_pass_through_a_hub_that_cannot_import_their_class(hub, tmp_path, monkeypatch):
    # distilabel's _Batch made each of Ray's own queue actors import distilabel; the hub must never unpickle items
    (tmp_path / "driver_only_mod.py").write_text(textwrap.dedent("""
        class Batch:
            def __init__(self, rows):
                self.rows = rows
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    import driver_only_mod

    from pcwm.cluster.queues import HubQueue

    q = HubQueue(hub, 3)
    q.put(driver_only_mod.Batch([1, 2, 3]))  # pickled by reference: the hub's worker has no such module
    got = q.get(timeout=30)
    assert type(got).__name__ == "Batch" and got.rows == [1, 2, 3]
    sys.modules.pop("driver_only_mod", None)
