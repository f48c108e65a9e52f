"""Local outboxes for the embedded default: emails as .eml files and SMS as lines, under ./var/outbox/."""
