"""Finding processes a pcwm command left behind, from outside: by the owner mark every pcwm process carries."""

from __future__ import annotations

import os


def owned_processes(pid: int) -> list[int]:
    """Live (non-zombie) processes marked as belonging to the pcwm command `pid` (pcwm.stopping.OWNER_ENV is
    inherited by workers and passed into every sandboxed program)."""
    mark = f"PCWM_RUN_OWNER={pid}\0".encode()
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/environ", "rb") as f:
                env = f.read() + b"\0"
            with open(f"/proc/{entry.name}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if mark in env and state != "Z":
            found.append(int(entry.name))
    return found
