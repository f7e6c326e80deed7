"""Portail Famille back-end services and their shared chassis."""
