"""ICS adapter: parse feeds into busy time (icalendar + recurring-ical-events), render exports, fetch."""
