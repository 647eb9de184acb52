"""Ports handed to the nodes of a LocalCluster are distinct: `ray start` refuses a node whose components share one
(CI once gave the GCS and the object manager the same port)."""

from __future__ import annotations

import socket

from pcwm.cluster.local import LocalCluster, free_ports


def test_free_ports_are_distinct_bindable_and_avoid_what_is_taken():
    first = free_ports(40)
    more = free_ports(40, avoid=set(first))
    assert len(set(first)) == 40 and not set(first) & set(more)
    for port in first[:5]:  # released again: a node can bind them
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))


def test_a_cluster_never_gives_two_nodes_the_same_port():
    c = LocalCluster(env={})
    try:
        head, node = c._common(1, {}), c._common(1, {})
    finally:
        c.stop()
    ports = [a.split("=", 1)[1] for a in head + node if a.split("=")[0].endswith("-port") and not a.endswith("=0")]
    assert len(ports) == 12 and len(set(ports)) == 12
