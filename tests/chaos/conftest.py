"""Chaos fixtures: the real peers, a fault proxy in front of each, and the service served behind them."""

from tests.harness.peers import (
    archiving_postgres,
    aws_api,
    clean_redis_url,
    localstripe,
    moto,
    pg_url,
    redis_url,
    typesense,
)

__all__ = [
    "archiving_postgres",
    "aws_api",
    "clean_redis_url",
    "localstripe",
    "moto",
    "pg_url",
    "redis_url",
    "typesense",
]
