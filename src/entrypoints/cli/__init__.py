"""The CLI entrypoint: the same commands as HTTP, for operators and scripts."""
