"""The moderation context: reports of profiles, media, reviews and messages; the staff queue and its decisions."""
