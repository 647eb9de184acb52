"""A real two-node Ray cluster on this machine (no mocks), shared by the tests of this folder.

Head: 1 CPU; second node: 1 CPU. Both carry one `pcwm_node` token (the work-% resource) and a small object store.
Every node runs in its own session with a private temp dir and free ports (pcwm.cluster.local.LocalCluster); the
fixture stops them in a finally block and checks that no process of the cluster is left.
"""

from __future__ import annotations

import pytest

pytest.importorskip("ray", reason="the 'ray' extra is not installed (pip install -e '.[ray]')")

from ray_nodes import cluster_env  # noqa: E402


@pytest.fixture(scope="module")
def ray_cluster():
    from pcwm.cluster.local import LocalCluster, _pids_with

    c = LocalCluster(head_cpus=1, head_resources={"pcwm_node": 1}, env=cluster_env())
    try:
        c.__enter__()
        c.add_node(cpus=1, resources={"pcwm_node": 1}, env={"PCWM_NODE_NAME": "node1"})
        yield c
    finally:
        root = str(c.root)
        c.stop()
        assert not _pids_with(root), "Ray processes outlived the test cluster"


@pytest.fixture
def ray_driver(ray_cluster, tmp_path):
    """Runs Python code as a Ray driver of the test cluster in a child process and returns its last stdout line,
    parsed as JSON. The pytest process itself never calls `ray.init`: Ray's core worker can crash the interpreter at
    exit after `ray.shutdown` (CI ended a fully passing suite with SIGSEGV, exit 139), and a product run is a driver
    process of its own too. The code's assertions run in the child; a failure shows its traceback."""
    import json
    import os
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    def run(code: str, timeout: float = 300) -> object:
        script = tmp_path / "driver.py"
        script.write_text(textwrap.dedent(code))
        # the driver imports pcwm from this checkout and may import this folder's test modules for shared cases
        base = cluster_env()
        path = os.pathsep.join([str(tmp_path), str(Path(__file__).parent), base["PYTHONPATH"]])
        env = {**os.environ, **base, **ray_cluster.driver_env, "PYTHONPATH": path}
        res = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=timeout,
                             cwd=tmp_path, start_new_session=True)
        assert res.returncode == 0, f"driver exited {res.returncode}:\n{res.stderr[-4000:]}"
        lines = [x for x in res.stdout.splitlines() if x.strip()]
        return json.loads(lines[-1]) if lines else None

    return run
