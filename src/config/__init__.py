"""Configuration: settings read from the environment once, and the one composition root."""
