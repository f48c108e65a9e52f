"""Email and SMS handed to a background worker, so a request never waits on a mail or SMS gateway."""
