"""Consumptions: what bookings, roll calls and contracts make billable."""
