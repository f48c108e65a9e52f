"""Messaging: threads between two parties, message requests, screening for contact shared off the platform."""
