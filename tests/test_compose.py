"""docker-compose.yml is valid (Debian's docker-compose validates it) and scalable by design."""
import subprocess

import yaml

from deploy.processes import ROOT, SERVICES

COMPOSE = ROOT / "docker-compose.yml"


def test_compose_file_is_valid():
    result = subprocess.run(["docker-compose", "-f", str(COMPOSE), "config", "--quiet"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_whole_stack_with_health_checks():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    for name in (*SERVICES, "gateway", "postgres", "rabbitmq", "mailcatcher"):
        assert "healthcheck" in services[name], name
    assert "management" in services["rabbitmq"]["image"]


def test_services_can_be_scaled():
    """`--scale reservations=3` needs no fixed container name and no published host port."""
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    for name, service in services.items():
        assert "container_name" not in service, name
    for name in SERVICES:
        assert "ports" not in services[name], name
