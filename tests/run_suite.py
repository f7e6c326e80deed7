"""`make test`: the whole suite as parallel pytest processes (shards), one per group of test paths.

Why not pytest-xdist: its workers talk to the controller through execnet threads, which hang once the
worker is monkey-patched by eventlet (as every nameko test process must be). Separate pytest processes
need nothing of the kind: each shard gets its own database prefix and stack name, so shards share
PostgreSQL and RabbitMQ without seeing each other's data.

Given test paths or options (`make test PYTEST_ARGS="services/billing -x"`), runs one plain pytest.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Balanced by measured durations (9.5 and 11 minutes side by side on 2 cores, before the contract tests
# moved): the in-process service tests on one side, the gateway tests and the stack (every service as a
# process, the browser journeys) on the other.
SHARDS = {
    "services": ["services", "tests/contract"],
    "gateway-and-stack": ["gateway", "tests", "--ignore=tests/contract"],
}


def run_shard(name: str, paths: list[str], log_dir: Path) -> tuple[subprocess.Popen, Path]:
    env = {**os.environ, "DATABASE_NAME_PREFIX": f"portail_unit_{name.replace('-', '_')}_",
           "E2E_STACK_NAME": f"e2e_{name.replace('-', '_')}"}
    log = log_dir / f"{name}.log"
    command = [sys.executable, "-m", "pytest", *paths]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    return process, log


def main(args: list[str]) -> int:
    if args:
        return subprocess.call([sys.executable, "-m", "pytest", *args], cwd=ROOT)
    log_dir = ROOT / "test-artifacts" / "shards"
    log_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    running = {name: run_shard(name, paths, log_dir) for name, paths in SHARDS.items()}
    status = 0
    while running:
        for name, (process, log) in list(running.items()):
            code = process.poll()
            if code is None:
                continue
            del running[name]
            elapsed = time.monotonic() - started
            print(f"===== shard {name}: exit {code} after {elapsed:.0f} s =====", flush=True)
            sys.stdout.write(log.read_text(errors="replace"))
            sys.stdout.flush()
            status = status or code
        time.sleep(1)
    print(f"===== suite: exit {status} in {time.monotonic() - started:.0f} s =====", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
