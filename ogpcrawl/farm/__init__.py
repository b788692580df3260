"""The site farm: an offline replica of the monitored web, served through a forward proxy.

Run it with ``python -m ogpcrawl.farm --port 0`` (see docs/farm.md), or in-process with
:func:`start_farm`. No crawler module imports this package.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass


@dataclass
class RunningFarm:
    url: str
    port: int
    ca_pem: bytes
    _loop: asyncio.AbstractEventLoop
    _thread: threading.Thread
    _task: asyncio.Task | None = None

    def stop(self) -> None:
        if self._task is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(timeout=10)


def start_farm(
    port: int = 0,
    scenario: str = "replica",
    log_path: str | None = None,
    sites: int = 100,
    host: str = "127.0.0.1",
    edits: list[str] | None = None,
) -> RunningFarm:
    """Start the farm on a background thread; returns once it listens. Call ``.stop()``."""
    from .proxy import serve
    from .scenarios import build_web

    web = build_web(scenario, sites=sites, edits=edits)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state: dict = {}

    def on_ready(server, ca) -> None:
        state["port"] = server.sockets[0].getsockname()[1]
        state["ca"] = ca.cert_pem
        ready.set()

    def run() -> None:
        asyncio.set_event_loop(loop)
        log = open(log_path, "a", encoding="utf-8") if log_path else None  # noqa: SIM115
        state["task"] = loop.create_task(
            serve(web, host=host, port=port, log=log, on_ready=on_ready)
        )
        try:
            loop.run_until_complete(state["task"])
        except (asyncio.CancelledError, Exception):
            pass
        finally:
            if log:
                log.close()
            loop.close()
            ready.set()

    thread = threading.Thread(target=run, name="ogpcrawl-farm", daemon=True)
    thread.start()
    ready.wait(30)
    if "port" not in state:
        raise RuntimeError("the farm did not start")
    return RunningFarm(
        f"http://{host}:{state['port']}", state["port"], state["ca"], loop, thread, state["task"]
    )
