"""Lets RPC callers receive `ServiceError` as itself instead of nameko's generic RemoteError."""
from nameko.exceptions import deserialize_to_instance

from services.chassis.errors import ServiceError

deserialize_to_instance(ServiceError)
