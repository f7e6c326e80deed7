"""Billing: régies, tariffs and the consumptions that bookings turn into."""
