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
