"""Integration-test harness: the real peers (PostgreSQL, Redis, Typesense, localstripe, moto)."""

from tests.harness.moto_peer import AwsEndpoint
from tests.harness.policy import PeerUnavailable, in_ci
from tests.harness.typesense_peer import TypesenseServer

__all__ = ["AwsEndpoint", "PeerUnavailable", "TypesenseServer", "in_ci"]
