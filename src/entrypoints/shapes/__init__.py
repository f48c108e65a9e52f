"""Request and response shapes both edges share: attrs bodies, their bounds and the strict converter (no framework)."""
