"""Allowed combinations of units for one child on one day (`unit_combinations` of an activity).

`None` allows any set; otherwise a list of allowed sets of unit codes, e.g.
`[["matin"], ["matin", "midi"], ["apres_midi"]]`. Outings are outside combinations: callers pass
only the codes of units of kind `unit`.
"""
from __future__ import annotations

from marshmallow import ValidationError


def combination_allowed(combinations, units) -> bool:
    """True when the set of `units` booked for a day is one of the allowed sets (order-insensitive).
    Booking nothing is always allowed."""
    booked = frozenset(units)
    if combinations is None or not booked:
        return True
    return any(frozenset(allowed) == booked for allowed in combinations)


def _combination_errors(combination, known: set) -> list[str]:
    if not isinstance(combination, (list, tuple)) or not all(isinstance(code, str) for code in combination):
        return ["Une liste de codes d'unités est attendue."]
    if not combination:
        return ["Une combinaison ne peut pas être vide."]
    errors = []
    unknown = sorted(set(combination) - known)
    if unknown:
        errors.append(f"Unité inconnue : {', '.join(unknown)}.")
    repeated = sorted({code for code in combination if combination.count(code) > 1})
    if repeated:
        errors.append(f"Unité répétée : {', '.join(repeated)}.")
    return errors


def validate_combinations(combinations, unit_codes):
    """The combinations unchanged (None stays None); ValidationError (French messages, keyed by
    index) for a set that is empty, names an unknown unit or repeats one. An empty list is refused
    too: it would forbid every booking (use None for "any combination")."""
    if combinations is None:
        return None
    if not isinstance(combinations, list):
        raise ValidationError("Une liste de combinaisons (ou null) est attendue.")
    if not combinations:
        raise ValidationError("Indiquez au moins une combinaison, ou null pour les permettre toutes.")
    known = set(unit_codes)
    errors = {index: found for index, combination in enumerate(combinations)
              if (found := _combination_errors(combination, known))}
    if errors:
        raise ValidationError(errors)
    return combinations
