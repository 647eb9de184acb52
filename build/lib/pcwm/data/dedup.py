"""Exact and near-duplicate removal of candidate code.

- Exact: the same code (sha256 of the text) is one candidate; records that repeat it add CoT samples, not rows.
- Near: MinHash (datasketch) over 5-token shingles of the comment-free token stream, with LSH at a Jaccard
  threshold. Only candidates with the *same outcome* count as duplicates of each other: a mutant one clause away
  from a correct implementation but with a different tool outcome is exactly the contrast the world model must learn,
  while near-identical code with the same outcome adds little. Copies that differ only in comments or layout have
  Jaccard 1.0 and always go.

Candidates are visited in the caller's order; the first of a cluster is kept.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from pcwm.data.schema import code_tokens

SHINGLE = 5
NUM_PERM = 128


@dataclass
class NearDup:
    dropped: str
    kept: str
    jaccard: float  # MinHash estimate


@dataclass
class DedupResult:
    kept: list[str] = field(default_factory=list)
    near: list[NearDup] = field(default_factory=list)


def shingles(code: str, k: int = SHINGLE) -> set[bytes]:
    toks = code_tokens(code)
    if len(toks) < k:
        return {" ".join(toks).encode()}
    return {" ".join(toks[i : i + k]).encode() for i in range(len(toks) - k + 1)}


def minhash(code: str, num_perm: int = NUM_PERM):
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm, seed=1)
    m.update_batch(list(shingles(code)))
    return m


def near_dedup(items: Iterable[tuple[str, str, Hashable]], threshold: float = 0.9,
               num_perm: int = NUM_PERM) -> DedupResult:
    """Keeps the first of each cluster of near-identical codes with the same outcome key.

    `items`: (id, code, outcome key) in priority order. A candidate is dropped when an already kept candidate with
    the same key has an estimated Jaccard similarity >= threshold.
    """
    from datasketch import MinHashLSH

    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"near-duplicate threshold must be in (0, 1], got {threshold}")
    index: dict[Hashable, tuple] = {}
    out = DedupResult()
    for cid, code, key in items:
        m = minhash(code, num_perm)
        if key not in index:
            index[key] = (MinHashLSH(threshold=min(threshold, 0.99), num_perm=num_perm), {})
        lsh, sigs = index[key]
        best, best_j = None, 0.0
        for other in lsh.query(m):
            j = m.jaccard(sigs[other])
            if j > best_j:
                best, best_j = other, j
        if best is not None and best_j >= threshold:
            out.near.append(NearDup(dropped=cid, kept=best, jaccard=round(best_j, 4)))
            continue
        lsh.insert(cid, m)
        sigs[cid] = m
        out.kept.append(cid)
    return out
