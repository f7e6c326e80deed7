"""Invoicing runs, invoices with gapless numbers, credit notes, PDF invoices."""
