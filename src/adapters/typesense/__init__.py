"""Typesense adapters: the people search index."""
