"""Régies and tariffs; pricing rules are plugins (entry points `portail.pricing`).

`invoice_lines(conn, family_id, regie_id, consumptions, book=None)` prices consumptions when they are
invoiced; `TariffBook.load(conn, family_ids=...)` preloads what it needs for a whole run."""
from services.billing.tariffs.lines import TariffBook, invoice_lines  # noqa: F401
