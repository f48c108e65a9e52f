"""Scale-out fixtures (issue 16): a primary with its streaming replica, the peers, the service behind them."""

from tests.harness.peers import pg_url, postgres_pair, typesense, typesense_cluster

__all__ = ["pg_url", "postgres_pair", "typesense", "typesense_cluster"]
