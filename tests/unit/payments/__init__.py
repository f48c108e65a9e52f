"""Unit tests of the payments context: the test-mode gateway against the port contract."""
