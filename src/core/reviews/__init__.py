"""The reviews context: double-blind reviews after a completed booking, responses and reputation."""
