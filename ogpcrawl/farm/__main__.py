"""``python -m ogpcrawl.farm``: run the site farm as a forward proxy.

Prints exactly one line ``READY http://127.0.0.1:<port>`` on stdout once listening, so a parent
process started with ``--port 0`` can read the port.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from .proxy import serve
from .scenarios import SCENARIOS, build_web


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m ogpcrawl.farm", description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8899, help="0 picks a free port")
    p.add_argument("--log", help="append one JSON line per request to this file")
    p.add_argument("--scenario", choices=SCENARIOS, default="replica")
    p.add_argument("--sites", type=int, default=100, help="synthetic scenario: number of sites")
    p.add_argument("--ca-cert-out", help="write the throwaway CA certificate (PEM) here")
    p.add_argument("--edit", action="append", default=[], metavar="ID:FIELD=VALUE[,...]",
                   help="replica: change an agency's ground truth (repeatable), e.g. "
                        "agdam:council_section=true,council_status=members,"
                        "council_path=/page/77.html,council_in_menu=true,council_members=9")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    try:
        web = build_web(args.scenario, sites=args.sites, edits=args.edit)
    except ValueError as exc:
        sys.exit(f"ogpcrawl.farm: {exc}")
    log = open(args.log, "a", encoding="utf-8") if args.log else None  # noqa: SIM115

    def ready(server, ca) -> None:
        if args.ca_cert_out:
            ca.write_cert(args.ca_cert_out)
        port = server.sockets[0].getsockname()[1]
        print(f"READY http://{args.host}:{port}", flush=True)

    try:
        asyncio.run(serve(web, host=args.host, port=args.port, log=log, on_ready=ready))
    except KeyboardInterrupt:
        pass
    finally:
        if log:
            log.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
