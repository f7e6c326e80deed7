"""Webhooks: municipal systems subscribe to event names and receive the events as signed HTTP calls."""
