"""Typesense as a three-node cluster (TYPESENSE_NODES): the adapter's client knows every node, so killing one, even
the leader, loses no query; once the others elect a new leader, writes go on."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from adapters.typesense.records import record
from adapters.typesense.search import TypesenseSearchIndex, typesense_client
from core.search.errors import IndexUnavailable
from core.search.query import IndexQuery
from tests.contracts.search_index import doc, found
from tests.harness.processes import wait_until
from tests.harness.typesense_peer import TypesenseCluster

pytestmark = pytest.mark.integration
DOCUMENTS = 40


def _everywhere(cluster: TypesenseCluster, alias: str) -> bool:
    """Every node answers the whole index on its own (the writes were replicated)."""
    for url in cluster.urls:
        one = TypesenseSearchIndex(typesense_client(url, cluster.api_key), alias)
        try:
            if one.query(IndexQuery(("photographer",), limit=1)).found != DOCUMENTS:
                return False
        except IndexUnavailable:
            return False
    return True


def test_killing_the_leader_loses_no_query_and_writes_resume(typesense_cluster: TypesenseCluster) -> None:
    cluster = typesense_cluster
    index = TypesenseSearchIndex(typesense_client(cluster.urls, cluster.api_key, 3.0), "people_cluster")
    index.ensure()
    index.write([record(doc(f"d{n:03d}")) for n in range(DOCUMENTS)])
    assert wait_until(lambda: _everywhere(cluster, index.alias), 20)

    answers: list[int] = []
    failures: list[str] = []
    stop = threading.Event()

    def query_all_along() -> None:
        # a generous timeout: this is about a node going away, not a slow one (the chaos tests time those)
        reader = TypesenseSearchIndex(typesense_client(cluster.urls, cluster.api_key, 3.0), index.alias)
        while not stop.is_set():
            try:
                answers.append(reader.query(IndexQuery(("photographer",), limit=1)).found)
            except Exception as error:  # every kind counts as a lost query
                failures.append(repr(error))
            time.sleep(0.01)

    readers = [threading.Thread(target=query_all_along) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        time.sleep(1)
        leader = cluster.leader()
        assert leader >= 0
        before = len(answers)
        os.killpg(cluster.servers[leader].popen.pid, signal.SIGKILL)  # the leader's machine is gone
        time.sleep(4)
        after = len(answers) - before
    finally:
        stop.set()
        for reader in readers:
            reader.join(10)
    assert failures == []
    assert after >= 5 and set(answers) == {DOCUMENTS}, (after, set(answers))

    def written() -> bool:
        try:
            return index.upsert(doc("after-failover", display_name="Elected"))
        except IndexUnavailable:
            return False

    assert wait_until(written, 45)  # the two left elect a leader; writes go through any of them
    # followers apply the leader's log a moment later: a read right after the write may not see it yet
    assert wait_until(lambda: "after-failover" in found(index, "elected"), 10)
