"""Integration fixtures: the real peers from tests/harness (see tests.harness.peers for each contract)."""

from tests.harness.peers import (
    aws_api,
    clean_redis_url,
    localstripe,
    moto,
    pg_url,
    redis_url,
    stripe_api,
    typesense,
)

__all__ = [
    "aws_api",
    "clean_redis_url",
    "localstripe",
    "moto",
    "pg_url",
    "redis_url",
    "stripe_api",
    "typesense",
]
