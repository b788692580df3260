"""One WACZ per run: the run's WARC files, their CDXJ index, pages.jsonl and datapackage.json.

Written here with warcio and the standard library rather than with py-wacz, whose dependencies
(frictionless and its tree, boilerpy3, cdxj-indexer with py3amf and surt -> tldextract, which
fetches the public-suffix list from the network on first use) are heavy for a crawler that must
run offline; the format is small (WACZ 1.1.1: a ZIP with fixed paths and a data package of
sha256 hashes). Why, and the layout, in docs/evidence.md.

The index is keyed by a SURT of each record's URL (host reversed, `www.` dropped, lower-cased
path and sorted query), as CDXJ readers expect; `urn:` targets (rendered DOMs, screenshots) are
keyed by themselves.
"""

from __future__ import annotations

import hashlib
import heapq
import io
import json
import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator

from ogpcrawl import __version__
from ogpcrawl.archive import paths

logger = logging.getLogger(__name__)

WACZ_VERSION = "1.1.1"
INDEX_PATH = "indexes/index.cdxj"
PAGES_PATH = "pages/pages.jsonl"
DATAPACKAGE = "datapackage.json"
DIGEST_FILE = "datapackage-digest.json"
REQUIRED = (DATAPACKAGE, PAGES_PATH, INDEX_PATH)
INDEXED_TYPES = ("response", "resource", "metadata", "revisit")
TITLE_CHARS = 200
# index lines sorted in memory at once when packaging (about 3 MB); more are sorted on disk and
# merged, one open file per chunk (a 5,000-site census has about 54,000 lines: 11 chunks)
INDEX_CHUNK_LINES = 5_000


def surt(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        return url
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www.") and host.count(".") > 1:
        host = host[4:]
    key = ",".join(reversed(host.split(".")))
    default = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port != default:
        key += f":{port}"
    key += ")" + (parts.path or "/").lower()
    if parts.query:
        key += "?" + "&".join(sorted(parts.query.lower().split("&")))
    return key


def cdx_timestamp(warc_date: str) -> str:
    """WARC-Date (ISO 8601) -> the index's 14 digits (YYYYMMDDhhmmss)."""
    digits = "".join(c for c in warc_date if c.isdigit())
    return digits[:14].ljust(14, "0")


@dataclass
class IndexedRecord:
    url: str
    timestamp: str
    fields: dict

    def line(self) -> str:
        return f"{surt(self.url)} {self.timestamp} {json.dumps(self.fields, ensure_ascii=False)}"


def scan_warc(stream, filename: str) -> tuple[list[IndexedRecord], int, str | None]:
    """Index one WARC: (records, end of the last complete record, problem or None). A torn last
    record (a killed crawl) ends the scan: everything before it is kept and indexed."""
    records: list[IndexedRecord] = []
    end, problem = _scan_warc(stream, filename, records.append)
    return records, end, problem


def _scan_warc(stream, filename: str, emit) -> tuple[int, str | None]:
    """`emit` each indexed record of one WARC as it is read; (end of the last complete record,
    problem or None)."""
    end = 0
    it = ArchiveIterator(stream, no_record_parse=False, arc2warc=False)
    try:
        for record in it:
            h = record.rec_headers
            rtype = record.rec_type
            http = record.http_headers
            mime = h.get_header("Content-Type") or ""
            status = None
            if rtype == "response" and http is not None:
                mime = http.get_header("Content-Type") or ""
                status = http.get_statuscode()
            it.read_to_end(record)
            offset, length = it.get_record_offset(), it.get_record_length()
            end = offset + length
            if rtype not in INDEXED_TYPES:
                continue
            fields = {
                "url": h.get_header("WARC-Target-URI"),
                "mime": mime.split(";")[0].strip().lower(),
                "digest": h.get_header("WARC-Payload-Digest"),
                "length": str(length),
                "offset": str(offset),
                "filename": filename,
                "recordid": h.get_header("WARC-Record-ID"),
                "type": rtype,
            }
            if status:
                fields["status"] = str(status)
            kind = h.get_header("WARC-Ogp-Capture")
            if kind:
                fields["capture"] = kind
            emit(IndexedRecord(fields["url"], cdx_timestamp(h.get_header("WARC-Date")), fields))
    except Exception as exc:  # torn gzip member or a partial record at the end
        return end, f"{filename}: unreadable after byte {end} ({type(exc).__name__}: {exc})"
    return end, None


# -- pages.jsonl ------------------------------------------------------------------------------
def page_entries(snapshots: Iterable[dict]) -> Iterator[dict]:
    """One pages.jsonl entry per page the verdicts used (the snapshot's `captures`)."""
    for snap in snapshots:
        captures = snap.get("captures") or {}
        for p in captures.get("pages") or ():
            if not p.get("record_id"):
                continue
            yield {
                "id": p["record_id"],
                "url": p.get("capture_url") or p.get("url"),
                "ts": p.get("captured_at"),
                "title": (p.get("title") or "")[:TITLE_CHARS],
                "agency": snap.get("agency_id"),
                "role": p.get("role"),
                "page_url": p.get("url"),
                "final_url": p.get("final_url"),
            }
        mobile = captures.get("mobile") or {}
        shot = mobile.get("screenshot") or {}
        if shot.get("record_id"):
            yield {
                "id": shot["record_id"],
                "url": shot.get("capture_url") or shot.get("url"),
                "ts": shot.get("captured_at"),
                "title": "mobile check screenshot",
                "agency": snap.get("agency_id"),
                "role": "mobile",
            }


def _page_rows(snapshots: Iterable[dict]) -> Iterator[tuple[str, str | None, bytes]]:
    """pages.jsonl entries as (record id, url, line): compact, for holding a run's worth."""
    for p in page_entries(snapshots):
        yield p["id"], p["url"], (json.dumps(p, ensure_ascii=False) + "\n").encode()


def _captured_pages(
    run_dir: Path, database_url: str | None, run_id: str, spool
) -> Iterator[tuple[str, str | None, bytes]]:
    """The run's pages.jsonl entries (in agency order) from its snapshots' captures: the
    database's, with the per-process pages files for any agency the database lacks (it was down
    and the snapshots were spooled). Each agency's finished lines go to `spool` (a binary temporary
    file) as they are made, one block per agency; only the agency's offset there is held, never its
    lines nor its snapshot's captures (about 30 KB an agency)."""
    found: dict[str, int] = {}  # agency id -> offset of its block in the spool

    def keep(aid: str, source: dict) -> None:
        found[aid] = spool.seek(0, os.SEEK_END)
        rows = [[rid, url, line.decode()] for rid, url, line in _page_rows([source])]
        spool.write((json.dumps(rows, ensure_ascii=False) + "\n").encode())

    db_ids: set[str] = set()
    if database_url:
        try:
            from ogpcrawl.db.store import Store

            with Store(database_url) as store:
                # one at a time, read in small batches: a large run's snapshots never all in memory
                for s in store.iter_snapshots(run_id, without=("evidence_detail",), batch=10):
                    keep(s["agency_id"], s)
            db_ids = set(found)
        except Exception as exc:
            logger.warning(
                "run %s: snapshots not read from the database (%s); using the "
                "archive's own pages files",
                run_id,
                exc,
            )
    pages_dir = run_dir / paths.PAGES_SUBDIR
    if pages_dir.is_dir():
        for f in sorted(pages_dir.glob("*.jsonl"), key=lambda p: p.stat().st_mtime):
            with open(f, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue  # a torn last line of a killed process
                    aid = entry.get("agency_id") if isinstance(entry, dict) else None
                    if aid and aid not in db_ids:
                        keep(aid, entry)  # a later process's visit replaces a killed one's
    for k in sorted(found):
        spool.seek(found[k])
        for rid, url, line in json.loads(spool.readline()):
            yield rid, url, line.encode()


# -- packaging --------------------------------------------------------------------------------
def _sha256_file(path: Path, limit: int | None = None) -> tuple[str, int]:
    h, n = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while True:
            want = 1 << 20 if limit is None else min(1 << 20, limit - n)
            if want <= 0:
                break
            chunk = fh.read(want)
            if not chunk:
                break
            h.update(chunk)
            n += len(chunk)
    return "sha256:" + h.hexdigest(), n


def _sort_key(rec: IndexedRecord) -> tuple[str, str, str, int]:
    return (surt(rec.url), rec.timestamp, rec.fields["filename"], int(rec.fields["offset"]))


def _write_chunk(lines: list[tuple[tuple[str, str, str, int], str]], tmpdir: str) -> str:
    """One sorted run of index lines to a temporary file, each as [key..., line] in JSON (so a
    key holding any character survives the round trip)."""
    lines.sort(key=lambda kl: kl[0])
    fd, name = tempfile.mkstemp(prefix="cdxj-", suffix=".chunk", dir=tmpdir)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        for key, line in lines:
            fh.write(json.dumps([*key, line], ensure_ascii=False) + "\n")
    return name


def _read_chunk(name: str) -> Iterator[tuple[tuple[str, str, str, int], str]]:
    with open(name, encoding="utf-8") as fh:
        for raw in fh:
            k0, k1, k2, k3, line = json.loads(raw)
            yield (k0, k1, k2, k3), line


def _sorted_index(
    warcs: list[Path], tmpdir: str, held: set[str], ends: dict[str, int], chunk_lines: int
) -> Iterator[str]:
    """The index's lines in order (SURT, timestamp, file, offset), sorted on disk: the WARCs'
    records are scanned into chunks of at most `chunk_lines` lines, each sorted and written to a
    temporary file, then merged; a large run's index is never whole in memory."""
    chunks: list[str] = []
    pending: list[tuple[tuple[str, str, str, int], str]] = []

    def add(rec: IndexedRecord) -> None:
        nonlocal pending
        held.add(rec.fields["recordid"])
        pending.append((_sort_key(rec), rec.line()))
        if len(pending) >= chunk_lines:
            chunks.append(_write_chunk(pending, tmpdir))
            pending = []

    for w in warcs:
        count = len(held)
        with open(w, "rb") as fh:
            end, problem = _scan_warc(fh, w.name, add)
        if problem:
            logger.warning(
                "%s; the WACZ keeps the %d complete records before it", problem, len(held) - count
            )
        ends[w.name] = end
    if pending:
        chunks.append(_write_chunk(pending, tmpdir))
        pending = []
    for _key, line in heapq.merge(*(_read_chunk(c) for c in chunks), key=lambda kl: kl[0]):
        yield line


def _write_member(zf: zipfile.ZipFile, arc: str, chunks: Iterable[bytes]) -> dict:
    """Write bytes into a deflated ZIP member as they come; its data-package resource."""
    h, size = hashlib.sha256(), 0
    info = zipfile.ZipInfo(arc, _zip_time())
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w") as dst:
        for data in chunks:
            h.update(data)
            size += len(data)
            dst.write(data)
    return {
        "name": arc.rsplit("/", 1)[1],
        "path": arc,
        "hash": "sha256:" + h.hexdigest(),
        "bytes": size,
    }


def package_run(
    root: str | Path,
    run_id: str,
    *,
    database_url: str | None = None,
    snapshots: list[dict] | None = None,
    chunk_lines: int = INDEX_CHUNK_LINES,
) -> Path:
    """Write ROOT/<run id>/<run id>.wacz from the run's WARC files (atomically: a reader never
    sees half a file; every process of a run may call it, the last one lists every WARC).

    Memory stays flat with the run's size: the index is sorted in chunks of `chunk_lines` lines
    on disk and merged straight into the ZIP, pages.jsonl is written as its entries come."""
    folder = paths.run_dir(root, run_id)
    warcs = sorted((folder / paths.WARC_SUBDIR).glob("*.warc.gz"))
    if not warcs:
        raise FileNotFoundError(f"no WARC files in {folder / paths.WARC_SUBDIR}")
    ends: dict[str, int] = {}
    held: set[str] = set()  # record ids in this package (short strings, one per record)

    now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    final = paths.wacz_path(root, run_id)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    resources = []
    with (
        tempfile.TemporaryDirectory(prefix="ogp-cdxj-") as tmpdir,
        zipfile.ZipFile(tmp, "w", allowZip64=True) as zf,
    ):
        # the index is made (scanning every WARC) before the WARCs are copied: the copy stops
        # at each file's last complete record
        index_fh = tempfile.TemporaryFile(dir=tmpdir)
        with index_fh:
            for line in _sorted_index(warcs, tmpdir, held, ends, chunk_lines):
                index_fh.write((line + "\n").encode())
            for w in warcs:
                arc = f"archive/{w.name}"
                digest, size = _sha256_file(w, ends[w.name])
                with (
                    open(w, "rb") as src,
                    zf.open(zipfile.ZipInfo(arc, _zip_time()), "w", force_zip64=True) as dst,
                ):
                    left = ends[w.name]
                    while left > 0:
                        chunk = src.read(min(1 << 20, left))
                        if not chunk:
                            break
                        dst.write(chunk)
                        left -= len(chunk)
                resources.append(
                    {"name": resource_name(w.name), "path": arc, "hash": digest, "bytes": size}
                )
            index_fh.seek(0)
            resources.append(
                _write_member(zf, INDEX_PATH, iter(lambda: index_fh.read(1 << 20), b""))
            )

        pages_spool = tempfile.TemporaryFile(dir=tmpdir)
        rows = (
            _captured_pages(folder, database_url, run_id, pages_spool)
            if snapshots is None
            else _page_rows(snapshots)
        )
        # Only pages whose records this package holds: a distributed worker with an archive
        # folder of its own packages its own share (a shared OGP_ARCHIVE_DIR gives one WACZ
        # with all).
        elsewhere = 0
        main_page: list[str | None] = []

        def page_lines() -> Iterator[bytes]:
            nonlocal elsewhere
            head = {"format": "json-pages-1.0", "id": "pages", "title": f"ogpcrawl run {run_id}"}
            yield (json.dumps(head, ensure_ascii=False) + "\n").encode()
            for record_id, url, line in rows:
                if record_id not in held:
                    elsewhere += 1
                    continue
                if not main_page:
                    main_page.append(url)
                yield line

        with pages_spool:
            resources.append(_write_member(zf, PAGES_PATH, page_lines()))
        if elsewhere:
            logger.info(
                "run %s: %d pages are in another process's archive, not in this package",
                run_id,
                elsewhere,
            )
        package = {
            "profile": "data-package",
            "wacz_version": WACZ_VERSION,
            "title": f"ogpcrawl run {run_id}",
            "created": now,
            "modified": now,
            "software": f"ogpcrawl {__version__} (warcio)",
            "mainPageUrl": main_page[0] if main_page else None,
            "resources": resources,
        }
        package_bytes = json.dumps(package, indent=2, ensure_ascii=False).encode()
        zf.writestr(zipfile.ZipInfo(DATAPACKAGE, _zip_time()), package_bytes, zipfile.ZIP_DEFLATED)
        digest = {
            "path": DATAPACKAGE,
            "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest(),
        }
        zf.writestr(
            zipfile.ZipInfo(DIGEST_FILE, _zip_time()),
            json.dumps(digest, indent=2),
            zipfile.ZIP_DEFLATED,
        )
    os.replace(tmp, final)
    return final


def _lines(data: bytes) -> list[str]:
    """A JSON-lines member's lines, split at newlines only: str.splitlines would also split at
    U+2028, U+0085 and the like, which a scraped title may hold (json.dumps leaves them raw)."""
    return data.decode("utf-8").split("\n")


def resource_name(file_name: str) -> str:
    """A data-package resource name (lower-case letters, digits, '-', '.', '_', '/' only: the
    Frictionless schema that py-wacz's validate applies)."""
    return re.sub(r"[^-a-z0-9._/]", "-", file_name.lower())


def _zip_time() -> tuple:
    t = datetime.now(UTC)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)


# -- reading ----------------------------------------------------------------------------------
class Wacz:
    """A run's WACZ opened for reading: its index, pages, and records by id or URL."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.zip = zipfile.ZipFile(self.path)
        self._index: list[tuple[str, str, dict]] | None = None

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Wacz:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def names(self) -> list[str]:
        return self.zip.namelist()

    @property
    def index(self) -> list[tuple[str, str, dict]]:
        if self._index is None:
            self._index = []
            for line in _lines(self.zip.read(INDEX_PATH)):
                if not line.strip():
                    continue
                key, ts, fields = line.split(" ", 2)
                self._index.append((key, ts, json.loads(fields)))
        return self._index

    def pages(self) -> list[dict]:
        lines = _lines(self.zip.read(PAGES_PATH))
        return [json.loads(line) for line in lines[1:] if line.strip()]

    def by_record_id(self, record_id: str) -> dict | None:
        for _key, _ts, fields in self.index:
            if fields.get("recordid") == record_id:
                return fields
        return None

    def lookup(self, url: str, timestamp: str | None = None) -> dict | None:
        """The capture of `url` nearest to `timestamp` (the newest without one); responses and
        resources before failure notes."""
        key = surt(url)
        found = [
            (ts, f)
            for k, ts, f in self.index
            if k == key
            and f.get("url") == url
            and f.get("type") in ("response", "resource", "revisit")
        ]
        if not found:
            found = [(ts, f) for k, ts, f in self.index if k == key]
        if not found:
            return None
        if timestamp:
            want = int(cdx_timestamp(timestamp))
            return min(found, key=lambda tf: abs(int(tf[0]) - want))[1]
        return max(found, key=lambda tf: tf[0])[1]

    def read_record(self, fields: dict) -> tuple[dict, dict | None, bytes]:
        """(WARC headers, HTTP status+headers or None, payload decoded of its Content-Encoding)."""
        raw = self.record_bytes(fields)
        for record in ArchiveIterator(io.BytesIO(raw)):
            warc_headers = dict(record.rec_headers.headers)
            http = None
            if record.http_headers is not None and record.rec_type in ("response", "revisit"):
                http = {
                    "status": int(record.http_headers.get_statuscode() or 0),
                    "reason": record.http_headers.statusline.split(" ", 1)[-1],
                    "headers": list(record.http_headers.headers),
                }
            return warc_headers, http, record.content_stream().read()
        raise ValueError(f"no record at {fields.get('filename')}:{fields.get('offset')}")

    def record_bytes(self, fields: dict) -> bytes:
        offset, length = int(fields["offset"]), int(fields["length"])
        with self.zip.open(f"archive/{fields['filename']}") as fh:
            fh.seek(offset)
            return fh.read(length)


def open_run(root: str | Path, run_id: str) -> Wacz:
    path = paths.wacz_path(root, run_id)
    if not path.is_file():
        raise FileNotFoundError(
            f"run {run_id} has no archive at {path} "
            f"(`scrapy evidence pack {run_id}` builds it from its WARC files)"
        )
    return Wacz(path)


# -- verification -----------------------------------------------------------------------------
def verify(path: str | Path) -> tuple[list[str], dict]:
    """Problems found in a WACZ (empty: valid) and counts. Checks that the required files are
    there, every file's sha256 against datapackage.json (and that file's own digest), every WARC
    record's block and payload digests, every index line against the record it points to, and
    that every page of pages.jsonl resolves through the index to its own record."""
    problems: list[str] = []
    counts = {"records": 0, "index_lines": 0, "pages": 0}
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return [f"{path}: not a readable ZIP ({exc})"], counts
    with zf:
        names = set(zf.namelist())
        for required in REQUIRED:
            if required not in names:
                problems.append(f"missing {required}")
        warcs = sorted(
            n for n in names if n.startswith("archive/") and n.endswith((".warc", ".warc.gz"))
        )
        if not warcs:
            problems.append("missing archive/*.warc.gz: the package holds no WARC file")
        if DATAPACKAGE in names:
            raw = zf.read(DATAPACKAGE)
            if DIGEST_FILE in names:
                try:
                    want = json.loads(zf.read(DIGEST_FILE)).get("hash")
                except ValueError:
                    want = None
                if want != "sha256:" + hashlib.sha256(raw).hexdigest():
                    problems.append(f"{DATAPACKAGE}: its hash does not match {DIGEST_FILE}")
            try:
                package = json.loads(raw)
            except ValueError as exc:
                problems.append(f"{DATAPACKAGE}: not JSON ({exc})")
                package = {"resources": []}
            listed = set()
            for res in package.get("resources") or []:
                p = res.get("path", "")
                listed.add(p)
                if p not in names:
                    problems.append(f"{DATAPACKAGE} lists {p}, which is missing")
                    continue
                h, size = hashlib.sha256(), 0
                with zf.open(p) as fh:
                    for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                        h.update(chunk)
                        size += len(chunk)
                if "sha256:" + h.hexdigest() != res.get("hash"):
                    problems.append(
                        f"{p}: sha256 differs from {DATAPACKAGE} (changed after packaging)"
                    )
                if res.get("bytes") is not None and size != res.get("bytes"):
                    problems.append(f"{p}: {size} bytes, {DATAPACKAGE} says {res.get('bytes')}")
            for n in sorted(names - listed - {DATAPACKAGE, DIGEST_FILE}):
                if not n.endswith("/"):
                    problems.append(f"{n} is not listed in {DATAPACKAGE}")
        by_id: dict[str, tuple[str, int]] = {}
        for arc in warcs:
            name = arc.split("/", 1)[1]
            with zf.open(arc) as fh:
                it = ArchiveIterator(fh, check_digests=True)
                try:
                    for record in it:
                        it.read_to_end(record)
                        counts["records"] += 1
                        rid = record.rec_headers.get_header("WARC-Record-ID")
                        checker = record.digest_checker
                        if checker is not None and checker.problems:
                            problems.append(f"{name}: record {rid}: " + "; ".join(checker.problems))
                        by_id[rid] = (name, it.get_record_offset())
                except Exception as exc:
                    problems.append(
                        f"{name}: unreadable after {counts['records']} records "
                        f"({type(exc).__name__}: {exc})"
                    )
        index_ids: dict[str, tuple[str, str]] = {}
        if INDEX_PATH in names:
            for n, line in enumerate(_lines(zf.read(INDEX_PATH)), 1):
                if not line.strip():
                    continue
                counts["index_lines"] += 1
                try:
                    _key, ts, fields = line.split(" ", 2)
                    fields = json.loads(fields)
                except ValueError:
                    problems.append(f"{INDEX_PATH}:{n}: not a CDXJ line")
                    continue
                rid = fields.get("recordid")
                where = by_id.get(rid)
                if where != (fields.get("filename"), int(fields.get("offset", -1))):
                    problems.append(
                        f"{INDEX_PATH}:{n}: points to no record {rid} at "
                        f"{fields.get('filename')}:{fields.get('offset')}"
                    )
                index_ids[rid] = (fields.get("url"), ts)
        if PAGES_PATH in names:
            lines = _lines(zf.read(PAGES_PATH))
            for n, line in enumerate(lines[1:], 2):
                if not line.strip():
                    continue
                counts["pages"] += 1
                try:
                    page = json.loads(line)
                except ValueError:
                    problems.append(f"{PAGES_PATH}:{n}: not JSON")
                    continue
                hit = index_ids.get(page.get("id"))
                if hit is None:
                    problems.append(
                        f"{PAGES_PATH}:{n}: page {page.get('url')} ({page.get('id')}) "
                        "is not in the index"
                    )
                elif hit[0] != page.get("url") or hit[1] != cdx_timestamp(page.get("ts") or ""):
                    problems.append(
                        f"{PAGES_PATH}:{n}: page {page.get('url')} at {page.get('ts')} "
                        f"does not match its index entry ({hit[0]} at {hit[1]})"
                    )
    return problems, counts
