"""The queues of a Ray run (pcwm.cluster.queues): one hub actor holds them all, carries items it could not even
import, and keeps distilabel's queue semantics (order per queue, blocking get, Empty on timeout / nowait).

Each test's driver is a child process (the `ray_driver` fixture); the assertions are made here on what it reports."""

from __future__ import annotations

HUB = """
import json, os, queue, sys, time
from pcwm import cluster
from pcwm.cluster.queues import HubQueue, QueueHub

cluster.connect(os.environ["RAY_ADDRESS"])
hub = QueueHub.remote()
"""


def test_queues_of_one_hub_are_separate_and_ordered(ray_driver):
    out = ray_driver(HUB + """
a, b = HubQueue(hub, 0), HubQueue(hub, 1)
for i in range(5):
    a.put({"seq": i})
b.put_nowait(None)  # distilabel's stop sentinel
out = {"sizes": [a.qsize(), b.qsize()], "a_empty": a.empty()}
out["order"] = [a.get()["seq"] for _ in range(5)]
out["sentinel"] = b.get_nowait()
out["empty_after"] = [a.empty(), b.empty()]
for name, call in (("nowait", a.get_nowait), ("timeout", lambda: a.get(timeout=0.3))):
    t0 = time.monotonic()
    try:
        out[name] = ["item", call()]
    except queue.Empty:
        out[name] = ["Empty", time.monotonic() - t0]
cluster.disconnect()
print(json.dumps(out))
""")
    assert out["sizes"] == [5, 1] and out["a_empty"] is False
    assert out["order"] == [0, 1, 2, 3, 4]
    assert out["sentinel"] is None and out["empty_after"] == [True, True]
    assert out["nowait"][0] == "Empty"
    assert out["timeout"][0] == "Empty" and out["timeout"][1] >= 0.3  # it waited its timeout before giving up


def test_a_blocked_get_on_one_queue_does_not_hold_up_another(ray_driver):
    out = ray_driver(HUB + """
import ray
from ray import cloudpickle

waiting = hub.get.remote(7, None)  # blocks in the hub until something arrives on queue 7
other = HubQueue(hub, 8)
other.put("x")
got_other = other.get(timeout=10)
HubQueue(hub, 7).put("late")
late = cloudpickle.loads(ray.get(waiting, timeout=30))
cluster.disconnect()
print(json.dumps({"other": got_other, "late": late}))
""")
    assert out == {"other": "x", "late": "late"}


def test_items_pass_through_a_hub_that_cannot_import_their_class(ray_driver, tmp_path):
    # distilabel's _Batch made each of Ray's own queue actors import distilabel; the hub must never unpickle items.
    # The module lives in a folder the driver adds to its path only after connecting, so Ray does not hand that
    # folder to its workers: the hub's worker has no such module.
    (tmp_path / "driver_only").mkdir()
    (tmp_path / "driver_only" / "driver_only_mod.py").write_text(
        "class Batch:\n    def __init__(self, rows):\n        self.rows = rows\n")
    out = ray_driver(HUB + f"""
sys.path.insert(0, {str(tmp_path / "driver_only")!r})
import driver_only_mod

q = HubQueue(hub, 3)
q.put(driver_only_mod.Batch([1, 2, 3]))  # pickled by reference to driver_only_mod
got = q.get(timeout=30)
cluster.disconnect()
print(json.dumps({{"type": type(got).__module__ + "." + type(got).__name__, "rows": got.rows}}))
""")
    assert out == {"type": "driver_only_mod.Batch", "rows": [1, 2, 3]}
