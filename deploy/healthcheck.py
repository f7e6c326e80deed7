"""Container health check: `python -m deploy.healthcheck accounts` (RPC) or `... gateway` (HTTP)."""
import sys
import urllib.request

from nameko.standalone.rpc import ClusterRpcProxy

from services.chassis import config


def service_is_healthy(service: str, timeout: float = 5, amqp_uri: str | None = None) -> bool:
    try:
        with ClusterRpcProxy({"AMQP_URI": amqp_uri or config.amqp_uri()}, timeout=timeout) as cluster:
            return getattr(cluster, service).health()["status"] == "ok"
    except Exception:  # noqa: BLE001 - unhealthy, whatever the reason
        return False


def gateway_is_healthy(url: str, timeout: float = 5) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v1/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def main(name: str) -> int:
    if name == "gateway":
        healthy = gateway_is_healthy(f"http://127.0.0.1:{config.get('PORT') or 8000}")
    else:
        healthy = service_is_healthy(name)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
