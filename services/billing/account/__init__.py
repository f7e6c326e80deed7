"""The family's account: balance, statement, consumption and payment histories, debt status."""
