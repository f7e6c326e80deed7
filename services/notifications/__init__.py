"""Notifications: emails queued from other services' events and delivered with retries."""
