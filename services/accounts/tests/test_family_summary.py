"""`family_summary`: the dashboard's accounts sections in one call, answered as `get_family`,
`list_change_requests(…, "pending")` and `missing_documents` answer them; another family's looks missing."""
import uuid

import pytest

from services.accounts.family.testing import parent_caller, whole_family_payload
from services.accounts.tests.conftest import STAFF, family_payload
from services.chassis.testing import refused

NEW_IBAN = "FR14 2004 1010 0505 0001 3M02 606"


@pytest.fixture
def family(rpc):
    return rpc.create_family(STAFF, whole_family_payload())


@pytest.fixture
def parent(rpc, family):
    return parent_caller(rpc, family)


def test_the_summary_answers_as_the_three_rpcs_it_replaces(rpc, family, parent):
    asked = rpc.create_change_request(parent, {"target": "family", "target_id": family["id"],
                                               "changes": {"quotient": 450, "iban": NEW_IBAN}})
    decided = rpc.create_change_request(parent, {"target": "family", "target_id": family["id"],
                                                 "changes": {"quotient": 500}})
    rpc.decide_change_request(STAFF, decided["id"], "refuse", "Justificatif manquant.")

    for caller in (parent, STAFF):  # staff see the IBAN unmasked, as in the RPCs it replaces
        summary = rpc.family_summary(caller, family["id"])
        assert summary == {
            "family": rpc.get_family(caller, family["id"]),
            "pending_requests": rpc.list_change_requests(caller, family["id"], "pending"),
            "missing_documents": rpc.missing_documents(caller, family["id"]),
        }
    assert [r["id"] for r in summary["pending_requests"]] == [asked["id"]]
    assert summary["missing_documents"]["count"] == len(summary["missing_documents"]["documents"]) > 0


def test_another_familys_parent_is_refused(rpc, family, parent):
    other = rpc.create_family(STAFF, family_payload())
    other_parent = {"user_id": str(uuid.uuid4()), "role": "parent", "family_id": other["id"]}
    for caller, family_id in ((other_parent, family["id"]), (parent, other["id"]), (parent, str(uuid.uuid4())),
                              (parent, "pas-un-uuid"), (parent, None), (STAFF, str(uuid.uuid4()))):
        with refused(404, "not_found"):
            rpc.family_summary(caller, family_id)
    assert rpc.family_summary(other_parent, other["id"])["family"]["id"] == other["id"]
