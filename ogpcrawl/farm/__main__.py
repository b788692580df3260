"""python -m ogpcrawl.farm: the offline replica of the monitored web, as a forward HTTP/HTTPS proxy.

Prints exactly one line "READY http://127.0.0.1:<port>" on stdout once listening, so a parent
process started with --port 0 can read the port.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from .latency import PROFILES, make_profile
from .proxy import serve
from .scenarios import SCENARIOS, build_web

DESCRIPTION = (
    "Run the offline replica of the monitored web as a forward HTTP/HTTPS proxy on loopback;\n"
    "crawlers reach it through http_proxy/https_proxy (docs/farm.md)."
)
EPILOG = """\
On start it prints one line, READY http://127.0.0.1:<port>, on stdout.

examples:
  python -m ogpcrawl.farm --port 8899
  http_proxy=http://127.0.0.1:8899 https_proxy=http://127.0.0.1:8899 scrapy crawl local_ih
  python -m ogpcrawl.farm --port 0 --edit "agdam:council_section=true,council_status=members,\
council_title=İctimai şura,council_path=/page/58.html,council_in_menu=true,council_members=5"
  (a council needs its title, page and menu link too, or there is nothing to detect)
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m ogpcrawl.farm",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--port",
        type=int,
        default=8899,
        help="port to listen on (default 8899; 0 picks a free port)",
    )
    p.add_argument("--log", metavar="FILE", help="append one JSON line per request to FILE")
    p.add_argument(
        "--scenario",
        choices=SCENARIOS,
        default="replica",
        help="replica: the 103 sites as in 2018 (default); faults: sites that fail "
        "in every known way; synthetic: N generated sites (--sites)",
    )
    p.add_argument(
        "--sites",
        type=int,
        default=100,
        metavar="N",
        help="synthetic scenario: number of sites (default 100)",
    )
    p.add_argument(
        "--latency-profile",
        choices=PROFILES,
        default="none",
        help="answer times: none (loopback speed, default) or real (per-host latency, "
        "very slow hosts, stalls; docs/farm.md)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the latency profile (default 0)")
    p.add_argument(
        "--ca-cert-out", metavar="FILE", help="write the throwaway CA certificate (PEM) to FILE"
    )
    p.add_argument(
        "--edit",
        action="append",
        default=[],
        metavar="ID:FIELD=VALUE[,...]",
        help="replica: change an agency's ground truth (repeatable); see the example",
    )
    return p


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


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
        asyncio.run(
            serve(
                web,
                host=args.host,
                port=args.port,
                log=log,
                on_ready=ready,
                latency=make_profile(args.latency_profile, args.seed),
            )
        )
    except KeyboardInterrupt:
        pass
    finally:
        if log:
            log.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
