"""NudeNet (optional extra ``rastup[moderation]``, AGPL-3.0): an on-device SFW classifier. Imported lazily."""
