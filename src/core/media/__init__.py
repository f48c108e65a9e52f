"""Portfolio media: uploads to object storage, safe processing, SFW moderation, public variants."""
