"""Payments: recorded by staff or online through provider plugins, applied exactly once."""
