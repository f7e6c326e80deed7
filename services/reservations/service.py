"""The reservations service: the offer, enrolments, bookings and waiting lists, roll call and
contracts, calendar feeds — each area in its own package; this class only puts them together."""
from services.chassis.dependencies import ServiceBase
from services.reservations.attendance.rpc import AttendanceRpc
from services.reservations.booking.rpc import BookingRpc
from services.reservations.booking.staff_rpc import StaffBookingRpc
from services.reservations.enrolments.rpc import EnrolmentRpc
from services.reservations.feeds.rpc import FeedRpc
from services.reservations.offer.rpc import OfferRpc
from services.reservations.readmodels.handlers import ReadModelHandlers


class ReservationsService(ReadModelHandlers, OfferRpc, EnrolmentRpc, BookingRpc, StaffBookingRpc, AttendanceRpc,
                          FeedRpc, ServiceBase):
    name = "reservations"
