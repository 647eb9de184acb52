"""Hand-made synchronisation through a flag (atomic or locked): a release by one thread, a spin-wait by another.

OpenMP semantics used (OpenMP 5.x memory model): an atomic write (or update) of a shared variable F with a
release / acq_rel / seq_cst order, or preceded by a flush in the same thread, releases what the thread wrote before
it; a loop that spins until an atomic read of F (with an acquire / acq_rel / seq_cst order, or a flush in the loop)
sees the released value acquires it. The same holds when F is written and read under one lock (critical, omp
lock): the unlock after the write releases, the lock before the read that ends the loop acquires. So what the
releasing thread did before the release happens before what the waiting thread does after the loop, and
ThreadSanitizer, which tracks atomics and locks, sees the same order.

Events are recorded per flow (the context whose thread runs the code) with the walk's sequence numbers:
("release", F, flow, seq) and ("acquire", F, flow, seq). A pair of accesses is ordered when one is before a release
of F in its flow and the other after an acquire of F in its flow (different flows), or, in one flow every thread
runs (a hand-made barrier: each thread releases, then waits for all), when a release and then an acquire of F lie
between them.
"""

from __future__ import annotations

ORDERS = ("seq_cst", "release", "acq_rel", "acquire")


def after_atomic(w, p, first: int) -> None:
    """Records the releases and atomic reads of the atomic construct `p`, whose accesses start at index `first`."""
    text = w.text(p.node)
    ordered = any(o in text for o in ORDERS)
    for a in w.accesses[first:]:
        if not a.atomic or a.dims:
            continue
        flushed = any(f == a.flow and s < a.seq for f, s in w.flushes)
        if a.write and (ordered or flushed):
            w.sync_events.append(("release", a.key, a.flow, a.seq))
        elif not a.write:
            w.atomic_reads.append((a.key, a.flow, a.seq, ordered))


def after_spin_loop(w, first: int, reads_before: int, flushes_before: int) -> None:
    """A while / do loop, whose accesses start at index `first`, has just ended: if it read a shared flag
    atomically (ordered, or with a flush inside the loop) or under a lock, leaving it means the flag was seen: an
    acquire."""
    if w.ctx is None:
        return
    flushed = len(w.flushes) > flushes_before
    keys = [key for key, flow, _seq, ordered in w.atomic_reads[reads_before:]
            if flow == w.ctx.flow and (ordered or flushed)]
    keys += [a.key for a in w.accesses[first:] if not a.write and not a.dims and a.locks and a.flow == w.ctx.flow]
    for key in dict.fromkeys(keys):
        w.seq += 1
        w.sync_events.append(("acquire", key, w.ctx.flow, w.seq))


def locked_releases(accesses) -> list:
    """Writes of shared scalars under a lock (critical, omp lock): the lock's release publishes them."""
    return [("release", a.key, a.flow, a.seq) for a in accesses if a.write and not a.dims and a.locks]


def handshake(a, b, sync: tuple) -> bool:
    """Whether a release / acquire pair on one flag orders the accesses a and b (either way round). `sync` is
    (events, parent flow of each nested flow): code in a nested flow (a single, a guarded branch, a work-shared
    loop) runs on a thread that ran its enclosing flow up to there."""
    events, parents = sync
    return _before(a, b, events, parents) or _before(b, a, events, parents)


def _flows(flow, parents: dict) -> list:
    out = [flow]
    while out[-1] in parents and len(out) < 16:
        out.append(parents[out[-1]])
    return out


def _before(x, y, events: list, parents: dict) -> bool:
    x_flows, y_flows = _flows(x.flow, parents), _flows(y.flow, parents)
    for kind, key, flow, seq in events:
        if kind != "release" or flow not in x_flows or not x.seq < seq:
            continue
        for kind2, key2, flow2, seq2 in events:
            if kind2 != "acquire" or key2 != key or flow2 not in y_flows or not seq2 < y.seq:
                continue
            if flow != flow2 or (flow2[0] == "rep" and seq < seq2):
                return True
    return False
