"""A TSan log the candidate cannot write, delete or forge unnoticed.

Per run, the sandbox makes a private directory (read-only to the candidate) holding two FIFOs:
- `opts`: TSAN_OPTIONS carries only `include=<dir>/opts`; a host thread writes the real options once, as TSan
  reads them at start-up (before any of the program's code runs), so they are gone when the program could look.
  They carry a per-run nonce inside `stack_trace_format`: every frame TSan prints ends in `|<nonce>`.
- `tsan.<pid>`: TSan's `log_path` (TSan appends the pid; inside bwrap's pid namespace the program is pid 2, under
  `unshare --fork` pid 1, without namespaces the pid of the process pcwm started, as every step before the program
  execs). A host thread drains it as TSan writes, keeping the first `keep_bytes` (and asking for the run to be
  killed past `kill_bytes`), so a report is on the host the moment it is written: deleting files or leaving with a
  raw exit_group(0) cannot take it back. The options are served only once the log FIFO exists, so TSan (which reads
  them before anything else) can never find its log missing.
A report counts only when its frames carry the nonce; a report-shaped block without it is a forgery (`forged`).
"""

from __future__ import annotations

import os
import re
import secrets
import select
import threading
from pathlib import Path

_FRAME_LINE = re.compile(r"^\s*#\d+\s*\|")
_BLOCK_SEP = "=================="
TSAN_MARKERS = ("ThreadSanitizer",)


class TsanChannel:
    """The FIFOs of one run; use as a context manager around the run."""

    def __init__(self, chan_dir: Path, mode: str, keep_bytes: int = 4 * 1024 * 1024, kill_bytes: int = 64 << 20):
        self.dir, self.mode, self.keep, self.kill_bytes = chan_dir, mode, keep_bytes, kill_bytes
        self.nonce = secrets.token_hex(12)
        self.dir.mkdir(mode=0o755)
        self.opts_path = self.dir / "opts"
        os.mkfifo(self.opts_path, 0o644)
        os.chmod(self.opts_path, 0o644)
        self.pid: int | None = None
        self.data = bytearray()
        self.total = 0
        self.flood = threading.Event()  # set past kill_bytes: the caller kills the run
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._wake_r, self._wake_w = os.pipe()  # stop() wakes the drain thread at once
        self._log_fd = -1
        known = {"bwrap": 2, "unshare": 1}.get(mode)
        if known is not None:
            self.on_start(known)

    def on_start(self, pid: int) -> None:
        """Creates the log FIFO for the program's pid (known in advance in a pid namespace, else the started pid)."""
        if self.pid is not None:
            return
        self.pid = pid
        log_fifo = self.dir / f"tsan.{pid}"
        os.mkfifo(log_fifo, 0o666)
        os.chmod(log_fifo, 0o666)
        self._log_fd = os.open(log_fifo, os.O_RDWR | os.O_NONBLOCK)
        self._ready.set()

    @property
    def log_prefix(self) -> str:
        return str(self.dir / "tsan")

    def env_options(self) -> str:
        # Archer checks the environment itself for ignore_noninstrumented_modules (and warns without it).
        return f"ignore_noninstrumented_modules=1 include={self.opts_path}"

    def start(self, options: str) -> None:
        self._opts = options.encode() + b"\n"
        serve = threading.Thread(target=self._serve_options, daemon=True)
        self._threads = [serve]
        serve.start()

    def _serve_options(self) -> None:
        while not self._ready.wait(0.05):
            if self._stop.is_set():
                return
        drain = threading.Thread(target=self._drain, daemon=True)
        self._threads.append(drain)  # appended before it starts, so stop() always joins it
        drain.start()
        try:
            fd = os.open(self.opts_path, os.O_WRONLY)  # blocks until TSan opens it (or stop() unblocks it)
        except OSError:
            return
        try:
            if not self._stop.is_set():
                os.write(fd, self._opts)
        except OSError:
            pass
        finally:
            os.close(fd)

    def _drain(self) -> None:
        while True:
            ready, _, _ = select.select([self._log_fd, self._wake_r], [], [])
            if self._log_fd in ready:
                self._read_available()
            if self._wake_r in ready:
                return

    def _read_available(self) -> None:
        while True:
            try:
                chunk = os.read(self._log_fd, 1 << 16)
            except BlockingIOError:
                return
            if not chunk:
                return
            self.total += len(chunk)
            if len(self.data) < self.keep:
                self.data += chunk[: self.keep - len(self.data)]
            if self.total > self.kill_bytes:
                self.flood.set()

    def stop(self) -> None:
        """After the run: unblock the options writer (if TSan never read), drain the log, close the FIFOs."""
        self._stop.set()
        try:
            fd = os.open(self.opts_path, os.O_RDONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass
        os.write(self._wake_w, b"x")
        for t in list(getattr(self, "_threads", [])):
            t.join(timeout=5)
        if self._log_fd >= 0:
            self._read_available()
            os.close(self._log_fd)
            self._log_fd = -1
        for fd in (self._wake_r, self._wake_w):
            os.close(fd)

    def log_text(self) -> str:
        return self.data.decode("utf-8", errors="replace")

    @property
    def truncated(self) -> bool:
        return self.total > len(self.data)

    def __enter__(self) -> TsanChannel:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def verify(log_text: str, nonce: str, truncated: bool = False) -> tuple[str, bool]:
    """(the log with the nonce removed from genuine frames, forged?). Forged: a TSan-looking block, or any frame
    line, without this run's nonce.

    `truncated`: only the first `keep_bytes` of the log were kept. The cut falls anywhere, often inside a frame line,
    so everything after the last block separator is dropped rather than judged. A log that reached the cap with no
    genuine frame in what was kept is a forgery too: TSan only writes that much through reports, while a flood of
    other text would push the program's real reports past the cap."""
    suffix = f"|{nonce}"
    forged = False
    if truncated and (cut := log_text.rfind(_BLOCK_SEP)) >= 0:
        log_text = log_text[:cut]
    genuine = 0
    for block in log_text.split(_BLOCK_SEP):
        frames = [ln for ln in block.splitlines() if _FRAME_LINE.match(ln)]
        if any(not ln.rstrip().endswith(suffix) for ln in frames):
            forged = True
        if "WARNING: ThreadSanitizer" in block and not frames:
            forged = True
        genuine += len(frames)
    if truncated and not genuine:
        forged = True
    return log_text.replace(suffix, ""), forged
