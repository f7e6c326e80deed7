"""iCalendar feeds of a child's bookings at a secret, revocable URL."""


class FeedRpc:
    pass
