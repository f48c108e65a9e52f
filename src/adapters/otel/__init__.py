"""OpenTelemetry adapters: the tracer provider, and spans around commands, SQL statements and peer calls."""
