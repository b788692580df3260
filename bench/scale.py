"""What a run costs and how the cost grows: the full pipeline against a synthetic farm.

    python bench/scale.py --sites 100 1000 5000

For each size N it starts the farm (`python -m ogpcrawl.farm --scenario synthetic --sites N`),
crawls every synthetic agency as one census (`scrapy census`: both family spiders in one
process; crawl, detect, rate, persist, render: the project's pipelines, timed by
bench/instrument.py) at loopback politeness with the browser off, and prints pages per second,
CPU seconds per page, peak RSS and the database write time. In the same run it takes Scrapy's
own `scrapy bench` figure just before each size, so the speed is also a ratio that travels
between machines, and it crawls the 2018 replica as a census at the DEFAULT politeness
settings, once at loopback speed and once with the farm's real-web latency profile (`--seed`),
printing the pages-per-agency distribution and the census's polite bound (from the farm's
request log) beside the wall time.

It asserts nothing (targets are in bench/README.md) and every step stops by itself: each
crawl has CLOSESPIDER_TIMEOUT and a hard deadline.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ogpcrawl.settings import EXTENSIONS as PROJECT_EXTENSIONS  # noqa: E402

SPIDERS = ("local_ih", "ministries")
# Politeness is for real hosts; the farm is loopback. Concurrency stays at the project's.
LOOPBACK = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "RETRY_TIMES": "1",
    "DOWNLOAD_TIMEOUT": "30",
}
COMMON = {
    "OGP_BROWSER": "never",
    "AS_OF": "2018-08-20",
    "OGP_PROGRESS_INTERVAL": "60",
    "LOG_LEVEL": "INFO",
    # The project's pipelines, each wrapped in a timer (bench/instrument.py).
    "ITEM_PIPELINES": json.dumps(
        {
            "bench.instrument.TimedDetect": 100,
            "bench.instrument.TimedRate": 200,
            "bench.instrument.TimedClean": 300,
            "bench.instrument.TimedPersist": 400,
            "bench.instrument.TimedReport": 500,
        }
    ),
    # the project's extensions (its throttle among them), and the stats file
    "EXTENSIONS": json.dumps({**PROJECT_EXTENSIONS, "bench.instrument.StatsFile": 900}),
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- child processes ------------------------------------------------------------------------


class Farm:
    def __init__(
        self, scenario: str, sites: int, workdir: Path, latency: str = "none", seed: int = 0
    ):
        self.log_path = workdir / "farm-requests.jsonl"
        args = [
            sys.executable,
            "-m",
            "ogpcrawl.farm",
            "--port",
            "0",
            "--scenario",
            scenario,
            "--latency-profile",
            latency,
            "--seed",
            str(seed),
        ]
        if scenario == "synthetic":
            args += ["--sites", str(sites)]
        else:  # the replica's request log gives the polite bound (page times per host)
            args += ["--log", str(self.log_path)]
        self.proc = subprocess.Popen(
            args,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            stderr=open(workdir / "farm.log", "w"),
        )  # noqa: SIM115
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line.startswith("READY "):
                self.url = line.split()[1]
                self.ps = psutil.Process(self.proc.pid)
                return
            if not line and self.proc.poll() is not None:
                break
        self.proc.kill()
        raise RuntimeError(f"the farm did not start; see {workdir / 'farm.log'}")

    def cpu(self) -> float:
        t = self.ps.cpu_times()
        return t.user + t.system

    def env(self) -> dict:
        env = {
            k: v
            for k, v in os.environ.items()
            if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "all_proxy")
        }
        env.update(
            http_proxy=self.url,
            https_proxy=self.url,
            no_proxy="",
            SCRAPY_SETTINGS_MODULE="ogpcrawl.settings",
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        )
        return env

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_measured(
    cmd: list[str], *, cwd: Path, env: dict | None, log_path: Path, timeout: float
) -> dict:
    """Run a child to completion: wall time, its own CPU and peak RSS (wait4), RSS samples."""
    start = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
    samples: list[tuple[float, int]] = []
    stop = threading.Event()

    def sample():
        ps = psutil.Process(proc.pid)
        while not stop.wait(0.25):
            try:
                samples.append((time.monotonic() - start, ps.memory_info().rss))
            except psutil.Error:
                return
            if time.monotonic() - start > timeout:
                proc.terminate()  # Scrapy shuts down cleanly on SIGTERM; kill if it does not
                if stop.wait(60):
                    return
                proc.kill()
                return

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    watcher.join()
    return {
        "returncode": proc.returncode,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "sampled_peak_rss_mb": max((r for _, r in samples), default=0) / 2**20,
        "rss_samples": [(round(t, 1), round(r / 2**20, 1)) for t, r in samples[::8]],
    }


def crawl(farm: Farm, workdir: Path, agencies: Path, settings: dict, timeout: float) -> dict:
    """`scrapy census`: both family spiders in one process, one run (ogpcrawl/census.py)."""
    workdir.mkdir(parents=True, exist_ok=True)
    merged = {
        **COMMON,
        **settings,
        "AGENCIES_FILE": str(agencies),
        "DATABASE_URL": settings.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.db'}",
        "REPORT_DIR": str(workdir / "output"),
        "OGP_SPOOL_DIR": str(workdir / "spool"),
        "OGP_ARCHIVE_DIR": str(workdir / "archive"),
        "BENCH_STATS_FILE": str(workdir / "{spider}.stats.json"),
        "CLOSESPIDER_TIMEOUT": str(int(timeout)),
    }
    cmd = [sys.executable, "-m", "scrapy", "census", "-O", str(workdir / "%(name)s.jsonl")]
    for k, v in merged.items():
        cmd += ["-s", f"{k}={v}"]
    farm_cpu = farm.cpu()
    result = run_measured(
        cmd, cwd=ROOT, env=farm.env(), log_path=workdir / "census.log", timeout=timeout + 120
    )
    result["farm_cpu_s"] = farm.cpu() - farm_cpu
    result["stats"], result["pages_per_agency"] = {}, []
    for spider in SPIDERS:
        stats_file = workdir / f"{spider}.stats.json"
        stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
        for k, v in stats.items():
            if not k.startswith(
                (
                    "bench/",
                    "ogp/",
                    "downloader/response_count",
                    "item_scraped_count",
                    "elapsed_time_seconds",
                    "finish_reason",
                    "memusage/max",
                )
            ):
                continue
            old = result["stats"].get(k)
            if k == "elapsed_time_seconds" or k.startswith("bench/peak"):
                result["stats"][k] = max(old or 0, v)
            elif isinstance(v, (int, float)) and isinstance(old, (int, float)):
                result["stats"][k] = old + v
            else:
                result["stats"][k] = v if old is None else old
        result["pages_per_agency"] += [
            s.get("pages_fetched") or 0 for s in read_jsonl(workdir / f"{spider}.jsonl")
        ]
    if result["returncode"] != 0:
        log(f"the census exited with {result['returncode']}; see {workdir / 'census.log'}")
    return result


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def scrapy_bench(workdir: Path) -> dict:
    """Scrapy's own figure, with Scrapy's defaults: run outside the project's settings."""
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    d = workdir
    d.mkdir(parents=True, exist_ok=True)
    r = run_measured(
        [sys.executable, "-m", "scrapy", "bench"],
        cwd=d,
        env=env,
        log_path=d / "bench.log",
        timeout=120,
    )
    text = (d / "bench.log").read_text(encoding="utf-8")
    count = re.search(r"'response_received_count': (\d+)", text)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", text)
    pages = int(count.group(1)) if count else 0
    secs = float(elapsed.group(1)) if elapsed else 0.0
    return {
        "pages": pages,
        "elapsed_s": secs,
        "pages_per_s": pages / secs if secs else 0.0,
        "cpu_s_per_page": r["cpu_s"] / pages if pages else None,
        "peak_rss_mb": r["peak_rss_mb"],
    }


# -- the steps ----------------------------------------------------------------------------


def synthetic_size(n: int, base: Path, timeout: float, db_url: str | None, extra: dict) -> dict:
    workdir = base / f"synthetic-{n}"
    workdir.mkdir(parents=True, exist_ok=True)
    agencies = workdir / "agencies.csv"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ogpcrawl.farm.synthetic",
            "--sites",
            str(n),
            "--write-agencies",
            str(agencies),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    farm = Farm("synthetic", n, workdir)
    try:
        settings = {**LOOPBACK, **extra}
        if db_url:
            settings["DATABASE_URL"] = db_url
        log(f"synthetic {n}: scrapy census")
        runs = {"census": crawl(farm, workdir / "census", agencies, settings, timeout)}
    finally:
        farm.stop()
    return summarise(n, runs)


def summarise(n: int, runs: dict) -> dict:
    def total(key: str) -> float:
        return sum(r["stats"].get(key, 0) or 0 for r in runs.values())

    pages = int(total("downloader/response_count"))
    wall = sum(r["wall_s"] for r in runs.values())
    cpu = sum(r["cpu_s"] for r in runs.values())
    per_agency = [p for r in runs.values() for p in r["pages_per_agency"]]
    return {
        "sites": n,
        "agencies_reported": len(per_agency),
        "pages": pages,
        "wall_s": wall,
        "crawl_s": total("elapsed_time_seconds"),
        "pages_per_s": pages / wall if wall else 0.0,
        "cpu_s_per_page": cpu / pages if pages else None,
        "farm_cpu_s": sum(r["farm_cpu_s"] for r in runs.values()),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs.values()),
        "peak_rss_before_render_mb": max(
            r["stats"].get("bench/peak_rss_before_render_mb") or 0 for r in runs.values()
        ),
        "sampled_peak_rss_mb": max(r["sampled_peak_rss_mb"] for r in runs.values()),
        "db_write_s": total("bench/persist_seconds"),
        "detect_s": total("bench/detect_seconds") + total("bench/rate_seconds"),
        "render_s": total("bench/render_seconds"),
        "median_pages_per_agency": statistics.median(per_agency) if per_agency else None,
        "returncodes": {s: r["returncode"] for s, r in runs.items()},
        "finish_reasons": {s: r["stats"].get("finish_reason") for s, r in runs.items()},
        "runs": runs,
    }


def replica_polite(
    base: Path, timeout: float, extra: dict, latency: str = "none", seed: int = 0
) -> dict:
    """The 2018 replica as one census at the project's default politeness: pages per agency,
    wall time, and the polite bound computed from the farm's request log."""
    workdir = base / f"replica-polite-{latency}"
    workdir.mkdir(parents=True, exist_ok=True)
    farm = Farm("replica", 0, workdir, latency, seed)
    try:
        log(f"replica at default politeness, latency profile {latency}: scrapy census")
        run = crawl(farm, workdir / "census", ROOT / "seeds" / "agencies.csv", extra, timeout)
    finally:
        farm.stop()
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "ogpcrawl.settings")
    settings = get_project_settings()
    for k, v in extra.items():
        settings.set(k, v, priority="cmdline")
    delay = settings.getfloat("DOWNLOAD_DELAY")
    per_agency = run["pages_per_agency"]
    return {
        "latency_profile": latency,
        "seed": seed,
        "agencies": len(per_agency),
        "pages": sum(per_agency),
        "distribution": distribution(per_agency),
        "download_delay_s": delay,
        **polite_bound(read_jsonl(farm.log_path), delay, settings.getint("CONCURRENT_REQUESTS")),
        "wall_s": run["wall_s"],
        "crawl_s": run["stats"].get("elapsed_time_seconds"),
        "returncode": run["returncode"],
    }


def polite_bound(requests: list[dict], delay: float, concurrency: int) -> dict:
    """The census's polite lower bound from the farm's log. A host's requests come one after
    another, each taking at least max(DOWNLOAD_DELAY, its answer time): the host's chain. No
    crawl can beat its slowest chain, nor the sum of all chains spread over CONCURRENT_REQUESTS.
    (Per host, as politeness is: an agency's alternates and a social network's pages of many
    agencies are chains of their own.)"""
    chains: dict[str, float] = {}
    for r in requests:
        if r.get("method") in ("GET", "HEAD", "POST") and "start" in r:
            took = max(0.0, float(r["end"]) - float(r["start"]))
            chains[r["host"]] = chains.get(r["host"], 0.0) + max(delay, took)
    slowest_host, slowest = max(chains.items(), key=lambda kv: kv[1], default=("", 0.0))
    total = sum(chains.values())
    return {
        "bound_s": max(slowest, total / max(1, concurrency)),
        "slowest_host": slowest_host,
        "slowest_chain_s": slowest,
        "chains_total_s": total,
        "concurrency": concurrency,
        "farm_requests": sum(1 for r in requests if "start" in r),
    }


def distribution(values: list[int]) -> dict:
    if not values:
        return {}
    v = sorted(values)

    def q(p: float) -> int:
        return v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))]

    buckets: dict[str, int] = {}
    for lo, hi in ((0, 1), (2, 5), (6, 10), (11, 15), (16, 20), (21, 25), (26, 10**9)):
        label = f"{lo}-{hi}" if hi < 10**9 else f">{lo - 1}"
        buckets[label] = sum(lo <= x <= hi for x in v)
    return {
        "min": v[0],
        "p25": q(0.25),
        "median": statistics.median(v),
        "p75": q(0.75),
        "p90": q(0.9),
        "max": v[-1],
        "mean": round(statistics.fmean(v), 1),
        "histogram": buckets,
    }


# -- report ---------------------------------------------------------------------------------


def report(result: dict) -> str:
    lines = []
    m = result["machine"]
    lines.append(
        f"Machine: {m['cpus']} CPUs, {m['python']}, load average at start "
        f"{m['load_start']}, at end {m.get('load_end')}"
    )
    for s in result["synthetic"]:
        sb = s.get("scrapy_bench")
        if sb:
            lines.append(
                f"scrapy bench before {s['sites']} sites: {sb['pages_per_s']:.1f} pages/s "
                f"({sb['pages']} pages in {sb['elapsed_s']:.1f} s), "
                f"peak RSS {sb['peak_rss_mb']:.0f} MB"
            )
    if result["synthetic"]:
        lines.append("")
        lines.append(
            "| sites | agencies | pages | wall s | pages/s | × scrapy bench | CPU s/page "
            "| farm CPU s | peak RSS MB | of which before render | DB write s "
            "| detect+rate s | render s | median pages/agency |"
        )
        lines.append("|" + "---|" * 14)
        for s in result["synthetic"]:
            sb = s.get("scrapy_bench")
            ratio = (
                f"{s['pages_per_s'] / sb['pages_per_s']:.2f}" if sb and sb["pages_per_s"] else "n/a"
            )
            cpp = f"{s['cpu_s_per_page'] * 1000:.1f} ms" if s["cpu_s_per_page"] else "n/a"
            lines.append(
                f"| {s['sites']} | {s['agencies_reported']} | {s['pages']} | "
                f"{s['wall_s']:.0f} | {s['pages_per_s']:.1f} | {ratio} | {cpp} | "
                f"{s['farm_cpu_s']:.0f} | {s['peak_rss_mb']:.0f} | "
                f"{s['peak_rss_before_render_mb']:.0f} | {s['db_write_s']:.1f} | "
                f"{s['detect_s']:.1f} | {s['render_s']:.1f} | "
                f"{s['median_pages_per_agency']} |"
            )
    syn = result["synthetic"]
    if len(syn) > 1:
        small, big = syn[0], syn[-1]
        lines.append("")
        lines.append(
            f"Peak RSS at {big['sites']} sites / at {small['sites']}: "
            f"{big['peak_rss_mb'] / small['peak_rss_mb']:.2f}× for the whole process, "
            f"{times(big['peak_rss_before_render_mb'], small['peak_rss_before_render_mb'])}"
            " before the annexes are rendered"
        )
    for rp in result.get("replica", []):
        d = rp["distribution"]
        lines.append("")
        lines.append(
            f"Replica census (2018, {rp['agencies']} agencies, default politeness, "
            f"latency profile {rp['latency_profile']}, seed {rp['seed']}): pages per "
            f"agency min {d.get('min')}, median {d.get('median')}, p90 {d.get('p90')}, "
            f"max {d.get('max')}, mean {d.get('mean')}"
        )
        lines.append(
            f"Polite bound: max(slowest host {rp['slowest_host']} "
            f"{rp['slowest_chain_s']:.0f} s, all hosts' chains "
            f"{rp['chains_total_s']:.0f} s / {rp['concurrency']}) = {rp['bound_s']:.0f} s;"
            f" wall {rp['wall_s']:.0f} s (crawl {rp['crawl_s'] or 0:.0f} s): "
            f"wall / bound = {rp['wall_s'] / rp['bound_s']:.2f}"
            if rp["bound_s"]
            else "Polite bound: no farm log"
        )
    return "\n".join(lines)


def times(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if a and b else "n/a"


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(
        prog="python bench/scale.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--sites", type=int, nargs="+", default=[100, 1000])
    p.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="per crawl: CLOSESPIDER_TIMEOUT (and a hard kill 2 min later)",
    )
    p.add_argument("--database-url", help="default: an SQLite file per size in the work dir")
    p.add_argument("--no-replica", action="store_true", help="skip the default-politeness crawl")
    p.add_argument("--no-scrapy-bench", action="store_true")
    p.add_argument(
        "--replica-only",
        action="store_true",
        help="only the two replica censuses (no synthetic sizes, no scrapy bench)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=1,
        help="seed of the farm's latency profile for the second replica census",
    )
    p.add_argument("--workdir", help="default: a new temporary directory (kept, for the logs)")
    p.add_argument("--json", help="write every figure (and RSS samples) here")
    p.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an extra Scrapy setting for every crawl (to compare variants)",
    )
    a = p.parse_args(argv)
    base = Path(a.workdir or tempfile.mkdtemp(prefix="ogpbench-"))
    base.mkdir(parents=True, exist_ok=True)
    log(f"work dir {base}")
    result: dict = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_start": [round(x, 2) for x in os.getloadavg()],
        },
    }
    if a.replica_only:
        a.sites, a.no_scrapy_bench, a.no_replica = [], True, False
    extra = dict(x.split("=", 1) for x in a.set)
    result["extra_settings"] = extra
    result["synthetic"] = []
    for n in a.sites:
        # On a shared machine Scrapy's own figure moves by tenths within minutes: each size is
        # compared with a `scrapy bench` taken just before it, on the machine as it then is.
        sb = None
        if not a.no_scrapy_bench:
            log(f"scrapy bench (before {n} sites)")
            sb = scrapy_bench(base / f"scrapy-bench-{n}")
            result.setdefault("scrapy_bench", sb)
        size = synthetic_size(n, base, a.timeout, a.database_url, extra)
        size["scrapy_bench"] = sb
        result["synthetic"].append(size)
    if not a.no_replica:
        result["replica"] = [
            replica_polite(base, a.timeout, extra),
            replica_polite(base, a.timeout, extra, "real", a.seed),
        ]
    result["machine"]["load_end"] = [round(x, 2) for x in os.getloadavg()]
    if a.json:
        Path(a.json).write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    print(report(result))


if __name__ == "__main__":
    main()
