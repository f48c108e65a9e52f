"""Route handlers, one module per context; each translates HTTP to a command or query and back."""
