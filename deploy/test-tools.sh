#!/usr/bin/env bash
# What the test suite needs beyond Python packages: Debian's docker-compose (the suite validates
# docker-compose.yml with it), Debian's chromium (the browser tests drive it with Playwright, whose own
# browser download is not possible here) and RabbitMQ's management API (nameko's tests make a vhost per test).
set -euo pipefail

if ! command -v docker-compose >/dev/null 2>&1; then
    echo "installing Debian's docker-compose to validate docker-compose.yml"
    apt-get install -y -q docker-compose >/dev/null 2>&1 || {
        apt-get update -q >/dev/null && apt-get install -y -q docker-compose >/dev/null
    }
fi

if ! [ -x /usr/bin/chromium ]; then
    echo "installing Debian's chromium for the browser tests"
    apt-get install -y -q chromium >/dev/null 2>&1 || {
        apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null
    }
fi

management_answers() {
    curl -fsS -u "${RABBIT_USER:-guest}:${RABBIT_PASSWORD:-guest}" \
        "${RABBIT_API_URI:-http://127.0.0.1:15672}/api/overview" >/dev/null 2>&1
}
if ! management_answers; then
    echo "enabling RabbitMQ's management plugin"
    rabbitmq-plugins enable rabbitmq_management >/dev/null
    for _ in $(seq 1 60); do management_answers && break; sleep 1; done
    management_answers || { echo "RabbitMQ management API does not answer" >&2; exit 1; }
fi
