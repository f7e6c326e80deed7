"""Read models fed by accounts: families (names, quotient) and children (names, birth dates)."""
