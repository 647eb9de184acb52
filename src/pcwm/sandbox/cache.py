"""Content-addressed caches of the sandbox's results, one JSON file per key, written atomically.

- `ResultCache`: TSan results (`SandboxResult`), keyed by `runner.cache_key`;
- `ProfileCache`: work-% profiles (`WorkPctOutcome`), keyed by `ProfileCache.key` (program, settings, host and
  measuring tool: a measurement belongs to the host that made it). Used by `profiler.profile_program(cache=...)`,
  so `pcwm sandbox run --tool workpct`, the pipelines' Sandbox step, evals and predict share it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from pcwm import paths
from pcwm.sandbox.result import SandboxResult, Status
from pcwm.sandbox.workpct_ompt import tool_digest
from pcwm.sandbox.workpct_outcome import HostInfo, WorkPctOutcome

default_cache_dir = paths.cache_root  # the old name of pcwm.paths.cache_root, kept for callers


class ResultCache:
    """Maps a cache key (see runner.cache_key) to a SandboxResult. Sandbox errors are never stored."""

    def __init__(self, root: str | Path | None = None):
        self.root = Path(root) if root else paths.sandbox_cache()
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> SandboxResult | None:
        p = self._path(key)
        try:
            return SandboxResult.from_dict(json.loads(p.read_text()))
        except FileNotFoundError:
            return None
        except (ValueError, TypeError, KeyError):
            p.unlink(missing_ok=True)  # a corrupt entry is a miss, not an error
            return None

    def put(self, key: str, result: SandboxResult) -> None:
        _write_atomic(self._path(key), result.to_dict())

    def __len__(self) -> int:
        return sum(1 for _ in self.root.glob("*/*.json"))


class ProfileCache:
    """Maps a profile key (`ProfileCache.key`) to a WorkPctOutcome. Sandbox errors are never stored."""

    def __init__(self, root: str | Path | None = None):
        self.root = Path(root) if root else paths.profile_cache()

    @staticmethod
    def key(program, threads, repeats: int, backend: str, timeout_s: float) -> str:
        """What a profile depends on: the program, the settings, the host (id) and the measuring tool's source."""
        blob = json.dumps([program.identity(), [int(t) for t in threads], int(repeats), backend, float(timeout_s),
                           HostInfo.probe().host_id, tool_digest()], default=str)
        return hashlib.sha256(blob.encode() + b"\0").hexdigest()[:16]

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> WorkPctOutcome | None:
        p = self._path(key)
        try:
            return WorkPctOutcome.from_json(p.read_text())
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError):
            p.unlink(missing_ok=True)  # a corrupt entry is a miss, not an error
            return None

    def put(self, key: str, outcome: WorkPctOutcome) -> None:
        if outcome.status != Status.SANDBOX_ERROR.value:
            _write_atomic(self._path(key), outcome.to_dict())


def _write_atomic(p: Path, data: dict) -> None:
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp-")
    with os.fdopen(fd, "w") as f:
        json.dump(data, f)
    os.replace(tmp, p)
