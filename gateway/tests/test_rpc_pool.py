"""The gateway's pool of long-lived RPC proxies, against a real broker and a tiny nameko service."""
import time

import eventlet
import pytest
from nameko.rpc import rpc

from gateway.rpc import RpcPool, ServiceUnavailable
from services.chassis.errors import ServiceError


class EchoService:
    name = "echo"

    @rpc
    def echo(self, value):
        return value

    @rpc
    def refuse(self):
        raise ServiceError("nope", "Refusé.", {"why": "test"}, 409)

    @rpc
    def slow(self, seconds):
        eventlet.sleep(seconds)
        return seconds


@pytest.fixture
def echo(container_factory, rabbit_config):
    container = container_factory(EchoService, {**rabbit_config, "serializer": "json"})
    container.start()
    return container


@pytest.fixture
def pool(rabbit_config):
    pool = RpcPool({"AMQP_URI": rabbit_config["AMQP_URI"]}, size=2, timeout=5)
    yield pool
    pool.close()


def idle_proxies(pool):
    return [p for p in list(pool._slots.queue) if p is not None]


def test_creating_a_pool_needs_no_broker():
    pool = RpcPool({"AMQP_URI": "pyamqp://guest:guest@127.0.0.1:1/"}, size=3)
    assert idle_proxies(pool) == []
    with pytest.raises(ServiceUnavailable) as info:
        pool.call("accounts", "health", timeout=1)
    assert info.value.service == "accounts"
    assert list(pool._slots.queue) == [None, None, None]  # the slot came back, still empty


def test_proxies_are_long_lived_and_reused(echo, pool):
    assert pool.call("echo", "echo", {"a": 1}) == {"a": 1}
    first = idle_proxies(pool)
    for n in range(5):
        assert pool.call("echo", "echo", n) == n
    assert idle_proxies(pool) == first and len(first) == 1


def test_concurrent_calls_use_at_most_size_proxies(echo, pool):
    results = eventlet.GreenPool(10).imap(lambda n: pool.call("echo", "slow", 0.05 + n * 0), range(6))
    assert list(results) == [0.05] * 6
    assert len(idle_proxies(pool)) == 2


def test_service_error_comes_back_as_itself_and_keeps_the_proxy(echo, pool):
    pool.call("echo", "echo", 1)
    proxy = idle_proxies(pool)[0]
    with pytest.raises(ServiceError) as info:
        pool.call("echo", "refuse")
    assert (info.value.code, info.value.message, int(info.value.status)) == ("nope", "Refusé.", 409)
    assert idle_proxies(pool) == [proxy]


def test_a_timed_out_proxy_is_kept_and_its_late_answer_goes_nowhere(echo, pool):
    pool.call("echo", "echo", 1)
    proxy = idle_proxies(pool)[0]
    with pytest.raises(ServiceUnavailable) as info:
        pool.call("echo", "slow", 2, timeout=0.3)
    assert info.value.reason == "timeout"
    assert idle_proxies(pool)[0] is proxy  # no new proxy, no new reply queue
    time.sleep(2.0)  # the slow call's answer arrives meanwhile
    assert pool.call("echo", "echo", "encore") == "encore"
    assert idle_proxies(pool)[0] is proxy
    assert proxy._standalone._reply_listener.queue_consumer.replies == {}


def test_an_unknown_service_is_unavailable(echo, pool):
    with pytest.raises(ServiceUnavailable) as info:
        pool.call("nobody", "echo", 1, timeout=2)
    assert info.value.service == "nobody"
    assert pool.call("echo", "echo", 2) == 2


def test_a_broken_connection_is_discarded(echo, pool):
    pool.call("echo", "echo", 1)
    proxy = idle_proxies(pool)[0]
    proxy._standalone._reply_listener.queue_consumer.connection.close()
    with pytest.raises(ServiceUnavailable):
        pool.call("echo", "echo", 2)
    assert pool.call("echo", "echo", 3) == 3
    assert proxy not in idle_proxies(pool)
