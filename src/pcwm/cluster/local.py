"""A real Ray cluster on this machine, for tests and benchmarks: a head and extra nodes, each a `ray start --block`.

Every node runs in its own session with a private `--temp-dir` (short, under /tmp: Ray's socket paths must fit in
108 bytes), listens on loopback only, and gets free ports for everything that would otherwise default to a fixed
one (dashboard, client server, agents), so several clusters (other users, other tests) can share the machine.
`stop()` ends each node's process group and then any process still naming the cluster's temp dir; `ray stop` is
never used (it would stop every Ray process of the user on the machine).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pcwm.errors import InfrastructureError

_ADDRESS = re.compile(r"ray start --address='([^']+)'")


def free_ports(n: int, avoid: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """`n` distinct free loopback ports, none in `avoid`. Every socket stays bound until all are chosen: closing each
    before asking for the next let the kernel hand out one port twice (CI saw Ray's GCS and object manager both
    given 40205, and `ray start` refused)."""
    socks: list[socket.socket] = []
    ports: list[int] = []
    try:
        while len(ports) < n:
            s = socket.socket()
            socks.append(s)
            s.bind(("127.0.0.1", 0))
            if (port := s.getsockname()[1]) not in avoid:
                ports.append(port)
        return ports
    finally:
        for s in socks:
            s.close()


def ray_executable() -> str:
    exe = Path(sys.executable).with_name("ray")
    if exe.exists():
        return str(exe)
    found = shutil.which("ray")
    if not found:
        raise InfrastructureError("the `ray` command is not installed: pip install 'pcwm[ray]'")
    return found


@dataclass
class Node:
    """One `ray start --block` process group and its log."""

    name: str
    proc: subprocess.Popen
    log: Path
    cpus: int
    resources: dict = field(default_factory=dict)


def _reload_ray_auth() -> None:
    """Ray reads its auth mode and token once per process and caches them: make it read the environment again
    (as Ray's own test helpers do; ray._raylet, so checked to exist)."""
    if "ray" not in sys.modules:
        return  # read afresh on first use
    from ray._raylet import AuthenticationTokenLoader, Config

    Config.initialize("")
    AuthenticationTokenLoader.instance().reset_cache()


class LocalCluster:
    """`with LocalCluster() as c: c.add_node(...)`; `c.address` is what RAY_ADDRESS / `--ray` take, and a driver
    also needs `c.client_env` (the cluster's auth token) in its environment."""

    def __init__(self, *, head_cpus: int = 1, head_resources: dict | None = None,
                 object_store_mb: int = 80, env: dict | None = None, start_timeout_s: float = 180):
        self.root = Path(tempfile.mkdtemp(prefix="pcwm-ray-", dir="/tmp"))
        self.object_store_mb = object_store_mb
        token = self.root / "auth_token"
        token.write_text(secrets.token_hex(32))
        token.chmod(0o600)
        # The cluster's own token, required of every node and driver: other users of the machine cannot submit work
        # to it, and a ~/.ray/auth_token left by an earlier `ray.init` (Ray 2.60 makes one) cannot split the nodes
        # between token and no-token modes, which failed `ray start --address` with InvalidAuthToken.
        self.client_env = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token)}
        self.env = {**os.environ, **(env or {}), "RAY_USAGE_STATS_ENABLED": "0", **self.client_env}
        self.start_timeout_s = start_timeout_s
        self.nodes: list[Node] = []
        self.address = ""
        self._given_ports: set[int] = set()
        self._head_cpus, self._head_resources = head_cpus, head_resources or {}

    @property
    def driver_env(self) -> dict[str, str]:
        """What a driver subprocess adds to its environment to use this cluster: the token and RAY_ADDRESS."""
        return {**self.client_env, "RAY_ADDRESS": self.address}

    @contextlib.contextmanager
    def client(self):
        """Inside the block this process's environment holds `client_env`, so `ray.init` here can connect."""
        saved = {k: os.environ.get(k) for k in self.client_env}
        os.environ.update(self.client_env)
        _reload_ray_auth()
        try:
            yield self
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            _reload_ray_auth()

    def __enter__(self) -> LocalCluster:
        try:
            self.start_head(self._head_cpus, self._head_resources)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _ports(self, n: int) -> list[int]:
        """Ports no node of this cluster was given before (each node needs its own even on one machine)."""
        ports = free_ports(n, avoid=self._given_ports)
        self._given_ports.update(ports)
        return ports

    def _common(self, cpus: int, resources: dict) -> list[str]:
        node_mgr, obj_mgr, agent_http, agent_grpc, runtime_env, metrics = self._ports(6)
        return [
            f"--num-cpus={cpus}", f"--resources={json.dumps(resources)}", "--num-gpus=0",
            f"--object-store-memory={self.object_store_mb * 1024 * 1024}", "--node-ip-address=127.0.0.1",
            f"--node-manager-port={node_mgr}", f"--object-manager-port={obj_mgr}",
            f"--dashboard-agent-listen-port={agent_http}", f"--dashboard-agent-grpc-port={agent_grpc}",
            f"--runtime-env-agent-port={runtime_env}", f"--metrics-export-port={metrics}",
            "--min-worker-port=0", "--max-worker-port=0", f"--temp-dir={self.root / 't'}", "--disable-usage-stats",
            "--block",
        ]

    def _spawn(self, name: str, args: list[str], cpus: int, resources: dict, env: dict | None) -> Node:
        log = self.root / f"{name}.log"
        with open(log, "w") as out:
            proc = subprocess.Popen([ray_executable(), "start", *args, *self._common(cpus, resources)],
                                    env={**self.env, **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        node = Node(name=name, proc=proc, log=log, cpus=cpus, resources=resources)
        self.nodes.append(node)
        return node

    def start_head(self, cpus: int = 1, resources: dict | None = None, env: dict | None = None) -> str:
        gcs, dashboard, client_server = self._ports(3)
        args = ["--head", f"--port={gcs}", "--include-dashboard=false",
                f"--dashboard-port={dashboard}", f"--ray-client-server-port={client_server}"]
        node = self._spawn("head", args, cpus, resources or {}, env)
        port = self._wait_started(node, _ADDRESS).rsplit(":", 1)[1]
        self.address = f"127.0.0.1:{port}"  # Ray prints the host's own address; the test traffic stays on loopback
        return self.address

    def add_node(self, cpus: int = 1, resources: dict | None = None, env: dict | None = None) -> Node:
        """Starts another node joining the head; returns once it is registered with the cluster."""
        before = self.alive_nodes()
        node = self._spawn(f"node{len(self.nodes)}", [f"--address={self.address}"], cpus, resources or {}, env)
        self._wait_started(node, re.compile(r"(Ray runtime started)"))
        deadline = time.monotonic() + self.start_timeout_s
        while self.alive_nodes() <= before:
            if time.monotonic() > deadline:
                raise InfrastructureError(f"{node.name} did not join the cluster; log: {node.log}")
            time.sleep(0.5)
        return node

    def _wait_started(self, node: Node, pattern: re.Pattern) -> str:
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            text = node.log.read_text(errors="replace")
            if m := pattern.search(text):
                return m.group(1)
            if node.proc.poll() is not None:
                raise InfrastructureError(f"ray start ({node.name}) exited {node.proc.returncode}: {text[-2000:]}")
            time.sleep(0.3)
        raise InfrastructureError(f"ray start ({node.name}) did not start within {self.start_timeout_s:.0f} s; "
                                  f"log: {node.log}")

    def alive_nodes(self) -> int:
        """Nodes the head's GCS lists as alive (asked from a throw-away process: no Ray state in this one)."""
        code = ("import ray, sys; ray.init(address=sys.argv[1], logging_level='ERROR', log_to_driver=False); "
                "print(sum(1 for n in ray.nodes() if n['Alive']))")
        out = subprocess.run([sys.executable, "-c", code, self.address], env=self.env, capture_output=True,
                             text=True, timeout=120, start_new_session=True, check=False)
        try:
            return int(out.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            return 0

    def raylet_pids(self, node: Node) -> list[int]:
        """The raylet process(es) of one node (to kill a node the way a crash would)."""
        return [p for p in _pids_with(str(self.root)) if _pgid(p) == node.proc.pid and b"raylet/raylet" in _cmd(p)]

    def stop(self) -> None:
        """Ends every node (SIGTERM, then SIGKILL per process group) and any process left naming the temp dir."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for node in reversed(self.nodes):
                try:
                    os.killpg(node.proc.pid, sig)
                except (ProcessLookupError, PermissionError):
                    pass
            deadline = time.monotonic() + (8 if sig == signal.SIGTERM else 5)
            while time.monotonic() < deadline and any(n.proc.poll() is None for n in self.nodes):
                time.sleep(0.2)
        for _ in range(20):  # workers that left their node's group (none expected): found by the temp dir they name
            left = _pids_with(str(self.root))
            if not left:
                break
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            time.sleep(0.2)
        for n in self.nodes:
            if n.proc.poll() is None:
                n.proc.wait(timeout=5)
        shutil.rmtree(self.root, ignore_errors=True)


def _cmd(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


def _pgid(pid: int) -> int:
    try:
        return os.getpgid(pid)
    except OSError:
        return -1


def _pids_with(text: str) -> list[int]:
    """Live processes whose command line contains `text` (our private temp dir: unique to one cluster)."""
    needle = text.encode()
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and int(entry.name) != os.getpid() and needle in _cmd(int(entry.name)):
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                        continue
            except (OSError, IndexError):
                continue
            found.append(int(entry.name))
    return found
