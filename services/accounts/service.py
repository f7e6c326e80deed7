"""The accounts service: identity (logins, sessions, passwords), the family file and required
documents, each area in its own package; this class only puts their RPCs together."""
from services.accounts.documents.rpc import DocumentRpc
from services.accounts.family.rpc import FamilyRpc
from services.accounts.identity.rpc import IdentityRpc
from services.chassis.dependencies import ServiceBase


class AccountsService(IdentityRpc, FamilyRpc, DocumentRpc, ServiceBase):
    name = "accounts"
