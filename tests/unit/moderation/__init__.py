"""Unit tests of the moderation context: reports, the staff queue, dual control and the audit chain."""
