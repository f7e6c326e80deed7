"""Tax attestations of sums paid for childcare, per family and calendar year."""
