"""Content-addressed cache of sandbox results: one JSON file per key, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pcwm import paths
from pcwm.sandbox.result import SandboxResult

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
        p = self._path(key)
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp-")
        with os.fdopen(fd, "w") as f:
            json.dump(result.to_dict(), f)
        os.replace(tmp, p)

    def __len__(self) -> int:
        return sum(1 for _ in self.root.glob("*/*.json"))
