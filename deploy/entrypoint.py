"""Container entrypoint: `accounts`, `reservations`, `billing`, `notifications`, `gateway` or `demo`."""
import os
import sys

from deploy import demo_data, processes


def main(argv: list[str]) -> None:
    name = argv[1] if len(argv) > 1 else "gateway"
    if name in processes.SERVICES:
        command = processes.service_command(name)
    elif name == "gateway":
        command = processes.gateway_command(f"0.0.0.0:{os.environ.get('PORT', '8000')}",
                                            workers=int(os.environ.get("GATEWAY_WORKERS", "2")))
    elif name == "demo":
        demo_data.load()
        return
    else:
        sys.exit(f"unknown process {name!r}: one of {', '.join(processes.SERVICES)}, gateway, demo")
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv)
