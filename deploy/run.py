"""`make run`: every service, the gateway and a mail sink as local processes, the demo data loaded,
the URL and the demo logins printed. Ctrl-C stops everything."""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from honcho.manager import Manager

from deploy import check, demo_data, processes
from deploy.healthcheck import gateway_is_healthy, service_is_healthy
from services.chassis import config

ROOT = processes.ROOT


def wait_until(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def announce(url: str, mail_dir: Path, smtp_port: int, mail_url: str, manager: Manager) -> None:
    ready = all(wait_until(lambda s=s: service_is_healthy(s, timeout=2), 60) for s in processes.SERVICES)
    if not (ready and wait_until(lambda: gateway_is_healthy(url, timeout=2), 30)):
        print("\n!! the services did not become healthy within a minute; see the logs above", flush=True)
        manager.terminate()
        return
    loaded = demo_data.load()
    print(f"""
================================================================================
 Portail Famille is running: {url}

 Demo logins
   parent (famille DUPONT)  {demo_data.PARENT_LOGIN} / {demo_data.PARENT_PASSWORD}
                            (temporary: you choose a new password at the first login)
   staff (directrice)       {demo_data.STAFF_LOGIN} / {demo_data.STAFF_PASSWORD}

 Emails de démonstration : {mail_url}
   (caught by a local SMTP server, 127.0.0.1:{smtp_port}, and saved in {mail_dir})
 Demo data {"loaded" if loaded else "already present (not loaded again)"}.  Ctrl-C stops everything.
================================================================================
""", flush=True)


def main() -> int:
    if check.main() != 0:
        return 1
    port = int(config.get("PORT") or 8000)
    smtp_port = config.get_int("SMTP_PORT")
    mail_web_port = config.get_int("MAIL_WEB_PORT")
    url = f"http://127.0.0.1:{port}"
    mail_dir = ROOT / "var" / "mail"
    env = {**os.environ, "PUBLIC_URL": config.get("PUBLIC_URL") or url, "PYTHONUNBUFFERED": "1"}

    manager = Manager()
    manager.add_process("mail", " ".join(processes.mail_sink_command(smtp_port, mail_dir, mail_web_port)), env=env,
                        cwd=ROOT)
    for service in processes.SERVICES:
        manager.add_process(service, " ".join(processes.service_command(service)), env=env, cwd=ROOT)
    manager.add_process("gateway", " ".join(f"'{part}'" for part in processes.gateway_command(f"0.0.0.0:{port}")),
                        env=env, cwd=ROOT)
    mail_url = f"http://127.0.0.1:{mail_web_port}"
    threading.Thread(target=announce, args=(url, mail_dir, smtp_port, mail_url, manager), daemon=True).start()
    manager.loop()
    return manager.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
