"""RastUp's pure domain: one package per bounded context, no I/O, no clock, no vendor types."""
