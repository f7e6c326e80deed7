"""`LinesOf`: an event about several lines read as its lines, each with the fields they share."""
import pytest
from marshmallow import ValidationError, fields

from services.chassis.schemas import EventDataSchema, LinesOf, each_line


class Booking(EventDataSchema):
    booking_id = fields.String(required=True)
    child_id = fields.String(required=True)
    date = fields.Date(required=True)


BOOKINGS = LinesOf(Booking(), "bookings", ("child_id",))


def test_each_line_is_loaded_with_the_shared_fields_in_order():
    data = {"child_id": "c1", "ignored": 1, "bookings": [{"booking_id": "b1", "date": "2030-07-06"},
                                                         {"booking_id": "b2", "date": "2030-07-07"}]}
    lines = BOOKINGS.load(data)
    assert [(line["booking_id"], line["child_id"], line["date"].isoformat()) for line in lines] == [
        ("b1", "c1", "2030-07-06"), ("b2", "c1", "2030-07-07")]
    assert each_line([(lines, {"id": "e1"}), (lines[:1], {"id": "e2"})]) == [
        (lines[0], {"id": "e1"}), (lines[1], {"id": "e1"}), (lines[0], {"id": "e2"})]


@pytest.mark.parametrize("data, errors", [
    ({"child_id": "c1", "bookings": []}, {"bookings": ["A non-empty list of lines is required."]}),
    ({"child_id": "c1", "bookings": None}, {"bookings": ["A non-empty list of lines is required."]}),
    ({"child_id": "c1", "bookings": [{"booking_id": "b1", "date": "2030-07-06"}, {"booking_id": "b2"}]},
     {"bookings": {1: {"date": ["Missing data for required field."]}}}),
    ({"bookings": [{"booking_id": "b1", "date": "2030-07-06"}]},
     {"bookings": {0: {"child_id": ["Missing data for required field."]}}}),
])
def test_a_malformed_line_makes_the_whole_event_malformed(data, errors):
    with pytest.raises(ValidationError) as info:
        BOOKINGS.load(data)
    assert info.value.messages == errors


def test_an_event_of_the_version_before_reads_as_one_line():
    """One booking per event, no list (booking events v1): still queued at an upgrade, not dropped."""
    [line] = BOOKINGS.load({"booking_id": "b1", "child_id": "c1", "date": "2030-07-06"})
    assert (line["booking_id"], line["child_id"]) == ("b1", "c1")
    with pytest.raises(ValidationError):
        BOOKINGS.load({"child_id": "c1"})
