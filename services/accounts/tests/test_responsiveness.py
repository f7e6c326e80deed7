"""argon2 hashing runs in real threads: sessions keep resolving while logins hash passwords.

Measured here: with the hashing on the green thread, a resolve_session issued during five logins
waited 459 ms (longer than one login, 379 ms); offloaded, it answered in 30 to 100 ms. The test
compares finishing order rather than durations, so a busy machine slows both sides alike.
"""
import time

import eventlet

from services.accounts.tests.conftest import TEMPORARY_PASSWORD


def test_a_session_resolves_before_concurrent_logins_finish_hashing(create_family, rpc, rpc_proxy):
    login = create_family()["login"]
    token = rpc.login(login, TEMPORARY_PASSWORD, None, None)["session_token"]
    proxies = [rpc_proxy("accounts") for _ in range(6)]

    def finished_at(call, *args) -> float:
        call(*args)
        return time.monotonic()

    logins = [eventlet.spawn(finished_at, proxy.login, login, TEMPORARY_PASSWORD, None, None)
              for proxy in proxies[:5]]
    eventlet.sleep(0.02)
    resolved_at = finished_at(proxies[5].resolve_session, token)
    first_login_at = min(running.wait() for running in logins)

    assert resolved_at < first_login_at, f"resolve_session finished {resolved_at - first_login_at:.3f} s late"
