"""Prepaid wallets (porte-monnaie) of the régies run prepaid."""
