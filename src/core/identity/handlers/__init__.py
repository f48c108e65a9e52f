"""Identity command handlers: one module per flow, each taking a command, a unit of work and services."""
