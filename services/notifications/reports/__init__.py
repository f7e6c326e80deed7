"""The daily report of each family's booking movements."""
