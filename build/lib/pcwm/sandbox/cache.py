"""Content-addressed cache of sandbox results: one JSON file per key, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pcwm.sandbox.result import SandboxResult


def default_cache_dir() -> Path:
    """$PCWM_CACHE_DIR, else $XDG_CACHE_HOME/pcwm, else ~/.cache/pcwm."""
    if env := os.environ.get("PCWM_CACHE_DIR"):
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pcwm"


class ResultCache:
    """Maps a cache key (see runner.cache_key) to a SandboxResult. Sandbox errors are never stored."""

    def __init__(self, root: str | Path | None = None):
        self.root = Path(root) if root else default_cache_dir() / "sandbox"
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
