"""The HTTP entrypoint: a Litestar app whose routes translate HTTP to commands and back, nothing else."""
