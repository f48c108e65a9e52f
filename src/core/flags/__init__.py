"""Runtime flags and kill switches: what operators turn off during an incident, without a deploy."""
