"""Eligibility: age in months on a day, age bounds, required documents."""
from datetime import date

import pytest

from services.reservations.rules.eligibility import age_fits, age_in_months, missing_documents, too_old


@pytest.mark.parametrize("birth, day, months", [
    (date(2020, 3, 15), date(2020, 3, 15), 0),
    (date(2020, 3, 15), date(2020, 4, 14), 0),
    (date(2020, 3, 15), date(2020, 4, 15), 1),
    (date(2020, 3, 15), date(2023, 3, 14), 35),
    (date(2020, 3, 15), date(2023, 3, 15), 36),
    (date(2020, 1, 31), date(2020, 2, 28), 0),
    (date(2020, 1, 31), date(2020, 2, 29), 1),   # the last day of a shorter month counts
    (date(2019, 1, 31), date(2019, 2, 28), 1),
    (date(2020, 2, 29), date(2021, 2, 28), 12),
])
def test_age_in_months(birth, day, months):
    assert age_in_months(birth, day) == months


def test_age_bounds_min_inclusive_max_exclusive():
    activity = {"min_age_months": 36, "max_age_months": 72}
    birth = date(2020, 3, 15)
    assert not age_fits(activity, birth, date(2023, 3, 14))
    assert age_fits(activity, birth, date(2023, 3, 15))
    assert age_fits(activity, birth, date(2026, 3, 14))
    assert not age_fits(activity, birth, date(2026, 3, 15))
    assert too_old(activity, birth, date(2026, 3, 15)) and not too_old(activity, birth, date(2023, 1, 1))
    assert age_fits({"min_age_months": None, "max_age_months": None}, birth, date(2090, 1, 1))
    assert age_fits({"min_age_months": 36, "max_age_months": None}, birth, date(2090, 1, 1))
    assert not too_old({"min_age_months": 36, "max_age_months": None}, birth, date(2090, 1, 1))


CHILD, SIBLING = "c1", "c2"
DAY = date(2030, 3, 13)


def doc(type_, status="validated", child_id=None, valid_until=None):
    return {"type": type_, "status": status, "child_id": child_id, "valid_until": valid_until}


@pytest.mark.parametrize("documents, missing", [
    ([], ["assurance", "vaccinations"]),
    ([doc("assurance"), doc("vaccinations", child_id=CHILD)], []),
    ([doc("assurance", valid_until=DAY), doc("vaccinations", child_id=CHILD, valid_until=date(2031, 1, 1))], []),
    ([doc("assurance", valid_until=date(2030, 3, 12)), doc("vaccinations", child_id=CHILD)], ["assurance"]),
    ([doc("assurance", status="submitted"), doc("vaccinations", status="refused", child_id=CHILD)],
     ["assurance", "vaccinations"]),
    ([doc("assurance"), doc("vaccinations", child_id=SIBLING)], ["vaccinations"]),  # the sibling's
    ([doc("assurance"), doc("vaccinations")], []),  # a family-scope document serves every child
    ([doc("assurance", status="refused"), doc("assurance"), doc("vaccinations", child_id=CHILD)], []),
])
def test_missing_documents(documents, missing):
    assert missing_documents(["assurance", "vaccinations"], documents, CHILD, DAY) == missing


def test_nothing_required_nothing_missing():
    assert missing_documents([], [], CHILD, DAY) == []
