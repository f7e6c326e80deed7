"""The family file: families, guardians, children, quotient."""
