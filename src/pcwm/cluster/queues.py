"""Queues for a Ray run, all held by one light actor.

`QueueHub` is an async Ray actor holding any number of unbounded queues of bytes; `HubQueue` is one of them, with
the part of `queue.Queue`'s interface that distilabel and logging's QueueHandler/QueueListener use. Items are
pickled on the producer's side and unpickled on the consumer's (Ray's own cloudpickle, so whatever Ray could carry
still goes): the hub holds plain bytes and never imports what it carries. This module imports only ray, so the hub's
worker stays a bare Ray worker (see pcwm.pipelines.ray_queue for why that matters).
"""

from __future__ import annotations

import asyncio
import queue
from typing import Any

import ray
from ray import cloudpickle


@ray.remote(num_cpus=0)
class QueueHub:
    """Keyed asyncio queues of bytes (an async actor: a blocked `get` does not hold up the other queues)."""

    def __init__(self) -> None:
        self._queues: dict[int, asyncio.Queue] = {}

    def _q(self, key: int) -> asyncio.Queue:
        return self._queues.setdefault(key, asyncio.Queue())

    async def put(self, key: int, item: bytes) -> None:
        self._q(key).put_nowait(item)

    async def get(self, key: int, timeout: float | None) -> bytes:
        try:
            return await asyncio.wait_for(self._q(key).get(), timeout)
        except asyncio.TimeoutError:
            raise queue.Empty from None

    async def get_nowait(self, key: int) -> bytes:
        try:
            return self._q(key).get_nowait()
        except asyncio.QueueEmpty:
            raise queue.Empty from None

    async def qsize(self, key: int) -> int:
        return self._q(key).qsize()


class HubQueue:
    """One unbounded queue in a `_QueueHub`, with the part of `queue.Queue`'s interface distilabel and logging's
    QueueHandler/QueueListener use."""

    def __init__(self, hub, key: int) -> None:
        self.hub, self.key = hub, key

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        ray.get(self.hub.put.remote(self.key, cloudpickle.dumps(item)))

    def put_nowait(self, item: Any) -> None:
        self.put(item, block=False)

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        try:
            ref = self.hub.get.remote(self.key, timeout) if block else self.hub.get_nowait.remote(self.key)
            return cloudpickle.loads(ray.get(ref))
        except ray.exceptions.RayTaskError as exc:
            if isinstance(exc.cause, queue.Empty):
                raise queue.Empty from None
            raise

    def get_nowait(self) -> Any:
        return self.get(block=False)

    def qsize(self) -> int:
        return ray.get(self.hub.qsize.remote(self.key))

    def empty(self) -> bool:
        return self.qsize() == 0
