"""Password-quality adapters: k-anonymity breach checks (range API, offline range files) and zxcvbn."""
