"""Allowed combinations of units for one child on one day."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from services.reservations.rules import combinations

PROPERTY = settings(max_examples=200, deadline=None)
UNITS = ["matin", "midi", "apres_midi", "soir"]
ALLOWED = [["matin"], ["matin", "midi"], ["matin", "midi", "apres_midi"], ["apres_midi"]]


@pytest.mark.parametrize("units, expected", [
    ([], True),                                   # nothing booked is always fine
    (["matin"], True),
    (["midi", "matin"], True),                    # order does not matter
    (["apres_midi", "matin", "midi"], True),
    (["apres_midi"], True),
    (["midi"], False),                            # lunch alone is not offered
    (["matin", "apres_midi"], False),             # a gap at lunch
    (["matin", "midi", "apres_midi", "soir"], False),
    (["soir"], False),
    (["matin", "matin"], True),                   # a repeated code is the same set
])
def test_combination_allowed(units, expected):
    assert combinations.combination_allowed(ALLOWED, units) is expected


@pytest.mark.parametrize("units", [[], ["midi"], ["matin", "apres_midi"], ["inconnu"]])
def test_none_allows_any_set(units):
    assert combinations.combination_allowed(None, units)


def test_empty_set_allowed_even_with_an_empty_list_of_combinations():
    assert combinations.combination_allowed([], [])
    assert not combinations.combination_allowed([], ["matin"])


def test_units_may_be_any_iterable():
    assert combinations.combination_allowed(ALLOWED, {"midi", "matin"})
    assert combinations.combination_allowed(ALLOWED, (code for code in ["matin"]))
    assert combinations.combination_allowed([("midi", "matin")], ["matin", "midi"])


def test_valid_combinations_pass_unchanged():
    assert combinations.validate_combinations(ALLOWED, UNITS) is ALLOWED
    assert combinations.validate_combinations(None, UNITS) is None
    assert combinations.validate_combinations([["soir"]], {"soir"}) == [["soir"]]


@pytest.mark.parametrize("bad, errors", [
    (["matin", "cantine"], ["Unité inconnue : cantine."]),
    (["gouter", "cantine"], ["Unité inconnue : cantine, gouter."]),
    ([], ["Une combinaison ne peut pas être vide."]),
    (["matin", "midi", "matin"], ["Unité répétée : matin."]),
    (["x", "x"], ["Unité inconnue : x.", "Unité répétée : x."]),
    ("matin", ["Une liste de codes d'unités est attendue."]),
    (["matin", 3], ["Une liste de codes d'unités est attendue."]),
    (None, ["Une liste de codes d'unités est attendue."]),
])
def test_invalid_combinations_are_refused_in_french(bad, errors):
    with pytest.raises(ValidationError) as refused:
        combinations.validate_combinations([["matin"], bad], UNITS)
    assert refused.value.messages == {1: errors}


def test_every_bad_combination_is_reported():
    with pytest.raises(ValidationError) as refused:
        combinations.validate_combinations([[], ["matin"], ["nuit"]], UNITS)
    assert refused.value.messages == {0: ["Une combinaison ne peut pas être vide."],
                                      2: ["Unité inconnue : nuit."]}


@pytest.mark.parametrize("bad, message", [
    ([], "Indiquez au moins une combinaison, ou null pour les permettre toutes."),
    ({"matin": True}, "Une liste de combinaisons (ou null) est attendue."),
    ("matin", "Une liste de combinaisons (ou null) est attendue."),
])
def test_combinations_must_be_a_non_empty_list_or_null(bad, message):
    with pytest.raises(ValidationError) as refused:
        combinations.validate_combinations(bad, UNITS)
    assert refused.value.messages == [message]


# --- properties ---------------------------------------------------------------------------------

unit_sets = st.lists(st.sampled_from(UNITS), unique=True, max_size=len(UNITS))
combination_lists = st.lists(unit_sets.filter(bool), max_size=6)


@PROPERTY
@given(combination_lists, unit_sets, st.randoms(use_true_random=False))
def test_permutation_invariant(allowed, units, random):
    shuffled_units = random.sample(units, len(units))
    shuffled_allowed = [random.sample(combo, len(combo)) for combo in random.sample(allowed, len(allowed))]
    expected = combinations.combination_allowed(allowed, units)
    assert combinations.combination_allowed(allowed, shuffled_units) is expected
    assert combinations.combination_allowed(shuffled_allowed, units) is expected
    assert combinations.combination_allowed(shuffled_allowed, shuffled_units) is expected


@PROPERTY
@given(combination_lists, unit_sets)
def test_allowed_iff_empty_or_one_of_the_sets(allowed, units):
    expected = not units or set(units) in [set(combo) for combo in allowed]
    assert combinations.combination_allowed(allowed, units) is expected
    assert combinations.combination_allowed(None, units)


@PROPERTY
@given(combination_lists.filter(bool))
def test_each_allowed_set_is_allowed_and_generated_lists_validate(allowed):
    assert all(combinations.combination_allowed(allowed, combo) for combo in allowed)
    assert combinations.validate_combinations(allowed, UNITS) == allowed


@PROPERTY
@given(combination_lists.filter(bool), st.sampled_from(UNITS))
def test_validation_refuses_a_unit_the_activity_lacks(allowed, removed):
    used = {code for combo in allowed for code in combo}
    remaining = [code for code in UNITS if code != removed]
    if removed in used:
        with pytest.raises(ValidationError):
            combinations.validate_combinations(allowed, remaining)
    else:
        assert combinations.validate_combinations(allowed, remaining) == allowed
