"""What a dashboard load that misses the cache asks the services: one RPC per service, plus the
family's enrolments for its news."""
import uuid

from gateway import panels
from gateway.rpc import BoundedRpc


class CountingRpc:
    """The app's RPC pool, remembering each (service, method) called through it."""

    def __init__(self, pool):
        self.pool, self.calls = pool, []

    def call(self, service, method, *args, **kwargs):
        self.calls.append((service, method))
        return self.pool.call(service, method, *args, **kwargs)

    def bounded(self, timeout):
        return BoundedRpc(self, timeout)


def test_a_dashboard_load_costs_five_rpcs_and_answers_as_the_api(app, new_family, parent_of, activity, enrol):
    family = new_family("Dupont")
    parent = parent_of(family)
    enrol(family["children"][0], activity)
    caller = {"user_id": str(uuid.uuid4()), "role": "parent", "family_id": family["id"], "structure_ids": []}
    rpc = CountingRpc(app.extensions["portail.rpc"])
    dashboard = panels.Dashboard(panels.discover(), timeout=5)
    try:
        board = dashboard.gather(rpc, caller)
        assert sorted(rpc.calls) == [
            ("accounts", "family_summary"), ("billing", "account_summary"), ("notifications", "family_summary"),
            ("reservations", "list_bookings"), ("reservations", "list_enrolments")]
        assert board == parent.get("/api/v1/dashboard").json
        assert board["unavailable"] == [] and board["family"]["id"] == family["id"]

        dashboard.gather(rpc, caller)  # the next load shares nothing with the last one
        assert len(rpc.calls) == 10
    finally:
        dashboard.close()
