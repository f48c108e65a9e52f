"""Redis adapters (redis-py): state shared by every worker, such as rate limits."""
