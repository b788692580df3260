"""The archive's files without a crawl: WARC writing, packaging, verification, retention."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import zipfile
import zlib

import pytest
from warcio.archiveiterator import ArchiveIterator

from ogpcrawl.archive import paths, wacz
from ogpcrawl.archive.warc import WarcFile


def write_run(root, run_id="r1", pages=3):
    w = WarcFile(root / run_id / "warc", run_id)
    caps = []
    for i in range(pages):
        caps.append(
            w.response(
                url=f"http://a-ih.gov.az/page/{i}.html",
                method="GET",
                request_headers=[("User-Agent", "t")],
                request_body=b"",
                status=200,
                reason="OK",
                protocol="HTTP/1.1",
                headers=[("Content-Type", "text/html; charset=utf-8")],
                body=f"<title>Səhifə {i}</title><p>mətn {i}</p>".encode(),
            )
        )
    w.failure(
        url="http://b-ih.gov.az/",
        method="GET",
        error="dns",
        exception="twisted.internet.error.DNSLookupError",
        message="no such host",
    )
    w.close()
    snaps = [
        {
            "agency_id": "a",
            "captures": {
                "pages": [
                    {
                        "role": "home",
                        "url": c["url"],
                        "capture_url": c["url"],
                        "record_id": c["record_id"],
                        "captured_at": c["captured_at"],
                        "title": f"p{i}",
                    }
                    for i, c in enumerate(caps)
                ]
            },
        }
    ]
    return w, caps, snaps


def test_records_are_gzip_members_readable_by_warcio(tmp_path):
    w, caps, _ = write_run(tmp_path)
    with open(w.path, "rb") as fh:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(fh)
        ]
    assert [t for t, _ in records] == ["warcinfo"] + ["response", "request"] * 3 + ["metadata"]
    with open(w.path, "rb") as fh:
        body = next(
            json.loads(r.content_stream().read())
            for r in ArchiveIterator(fh)
            if r.rec_type == "metadata"
        )
    assert body["error"] == "dns" and body["exception"].endswith("DNSLookupError")


def test_package_then_verify_is_clean_and_pages_resolve(tmp_path):
    _, caps, snaps = write_run(tmp_path)
    path = wacz.package_run(tmp_path, "r1", snapshots=snaps)
    problems, counts = wacz.verify(path)
    assert problems == []
    assert counts["pages"] == 3 and counts["index_lines"] == 4
    with wacz.Wacz(path) as z:
        names = set(z.names())
        assert {
            "datapackage.json",
            "datapackage-digest.json",
            "pages/pages.jsonl",
            "indexes/index.cdxj",
        } <= names
        fields = z.by_record_id(caps[1]["record_id"])
        _, http, body = z.read_record(fields)
        assert http["status"] == 200 and "mətn 1".encode() in body
        package = json.loads(z.zip.read("datapackage.json"))
        assert all(r["hash"].startswith("sha256:") for r in package["resources"])
        # resource names as the data-package schema (and so py-wacz's validate) wants them
        assert all(re.fullmatch(r"[-a-z0-9._/]+", r["name"]) for r in package["resources"])


def _flip_byte_in_record(src, dst, *, rehash: bool):
    """Copy the WACZ, changing one byte inside the first response's payload; with rehash the
    tamperer also recomputes datapackage.json's hashes (so only record digests can tell)."""
    with zipfile.ZipFile(src) as z:
        files = {n: z.read(n) for n in z.namelist()}
    warc_name = next(n for n in files if n.startswith("archive/"))
    members, data = [], files[warc_name]
    while data:  # one gzip member per record, as the archive writes them
        d = zlib.decompressobj(wbits=31)
        members.append(bytearray(d.decompress(data)))
        data = d.unused_data
    target = next(m for m in members if "mətn 0".encode() in m)
    target[target.index("mətn 0".encode())] ^= 0x01
    files[warc_name] = b"".join(gzip.compress(bytes(m)) for m in members)
    if rehash:
        package = json.loads(files["datapackage.json"])
        for res in package["resources"]:
            data = files[res["path"]]
            res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
            res["bytes"] = len(data)
        files["datapackage.json"] = json.dumps(package).encode()
        files["datapackage-digest.json"] = json.dumps(
            {
                "path": "datapackage.json",
                "hash": "sha256:" + hashlib.sha256(files["datapackage.json"]).hexdigest(),
            }
        ).encode()
    with zipfile.ZipFile(dst, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)


@pytest.mark.parametrize("rehash", [False, True], ids=["hashes-stale", "hashes-recomputed"])
def test_one_changed_byte_is_detected(tmp_path, rehash):
    _, _, snaps = write_run(tmp_path)
    path = wacz.package_run(tmp_path, "r1", snapshots=snaps)
    bad = tmp_path / "bad.wacz"
    _flip_byte_in_record(path, bad, rehash=rehash)
    problems, _ = wacz.verify(bad)
    assert problems, "a changed byte went unnoticed"
    if rehash:
        assert any("digest failed" in p for p in problems), problems
    else:
        assert any("sha256 differs" in p for p in problems), problems


def test_missing_required_file_is_a_problem(tmp_path):
    _, _, snaps = write_run(tmp_path)
    path = wacz.package_run(tmp_path, "r1", snapshots=snaps)
    stripped = tmp_path / "stripped.wacz"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(stripped, "w") as dst:
        for n in src.namelist():
            if n != "pages/pages.jsonl":
                dst.writestr(n, src.read(n))
    problems, _ = wacz.verify(stripped)
    assert "missing pages/pages.jsonl" in problems


def test_a_torn_last_record_is_left_out_and_the_rest_packaged(tmp_path):
    w, caps, snaps = write_run(tmp_path)
    size = w.path.stat().st_size
    with open(w.path, "ab") as fh:  # a killed crawl: half a gzip member at the end
        fh.write(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + b"x" * 500)[:120])
    assert w.path.stat().st_size > size
    path = wacz.package_run(tmp_path, "r1", snapshots=snaps)
    assert wacz.verify(path)[0] == []
    with zipfile.ZipFile(path) as z:
        assert len(z.read(f"archive/{w.name}")) == size


def test_two_processes_of_a_run_are_one_package(tmp_path):
    _, caps1, snaps = write_run(tmp_path)
    w2 = WarcFile(tmp_path / "r1" / "warc", "r1")  # a resumed process: a file of its own
    w2.response(
        url="http://c-ih.gov.az/",
        method="GET",
        request_headers=[],
        request_body=b"",
        status=200,
        reason="OK",
        protocol="HTTP/1.1",
        headers=[],
        body=b"<p>c</p>",
    )
    w2.close()
    path = wacz.package_run(tmp_path, "r1", snapshots=snaps)
    with wacz.Wacz(path) as z:
        assert len([n for n in z.names() if n.startswith("archive/")]) == 2
        assert z.lookup("http://c-ih.gov.az/") is not None
    assert wacz.verify(path)[0] == []


@pytest.mark.parametrize("bad", ["../x", "a/b", "..", ".hidden", "", "a" * 65, "r 1", None])
def test_run_ids_that_name_other_paths_are_refused(tmp_path, bad):
    with pytest.raises(paths.InvalidRunId):
        paths.run_dir(tmp_path, bad)


def test_retention_keeps_the_newest_runs_and_nothing_else(tmp_path):
    import os
    import time

    for i, rid in enumerate(["r1", "r2", "r3"]):
        (tmp_path / rid / "warc").mkdir(parents=True)
        t = time.time() - 100 + i
        os.utime(tmp_path / rid, (t, t))
    (tmp_path / "notes").mkdir()  # not a run's archive: never touched
    removed = paths.apply_retention(tmp_path, 2)
    assert [p.name for p in removed] == ["r1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "r2", "r3"]
    assert paths.apply_retention(tmp_path, 0) == []
    shutil.rmtree(tmp_path / "notes")


def test_surt_keys():
    assert (
        wacz.surt("http://www.Baku-IH.gov.az/page/1.html?b=2&a=1")
        == "az,gov,baku-ih)/page/1.html?a=1&b=2"
    )
    assert wacz.surt("https://x.gov.az:8443/") == "az,gov,x:8443)/"
    assert wacz.surt("urn:ogpcrawl:rendered:http://x/") == "urn:ogpcrawl:rendered:http://x/"


def test_index_sorted_in_small_chunks_is_the_same_as_in_one(tmp_path):
    """Packaging sorts the index on disk in chunks and merges them (memory flat with the run's
    size): two-line chunks give the very bytes one chunk gives, in the order of the whole index
    sorted in memory (SURT, timestamp, file, offset), and the package verifies."""
    _, _, snaps = write_run(tmp_path, pages=7)
    w2 = WarcFile(tmp_path / "r1" / "warc", "r1")  # a second file whose URLs interleave
    for i in (9, 3, 0):
        w2.response(
            url=f"http://a-ih.gov.az/page/{i}.html",
            method="GET",
            request_headers=[],
            request_body=b"",
            status=200,
            reason="OK",
            protocol="HTTP/1.1",
            headers=[("Content-Type", "text/html")],
            body=f"<p>again {i}</p>".encode(),
        )
    w2.close()

    def package(chunk_lines):
        path = wacz.package_run(tmp_path, "r1", snapshots=snaps, chunk_lines=chunk_lines)
        assert wacz.verify(path)[0] == []
        with zipfile.ZipFile(path) as z:
            return z.read(wacz.INDEX_PATH), z.read(wacz.PAGES_PATH)

    whole_index, whole_pages = package(10_000)
    small_index, small_pages = package(2)
    assert small_index == whole_index and small_pages == whole_pages

    records = []
    for w in sorted((tmp_path / "r1" / "warc").glob("*.warc.gz")):
        with open(w, "rb") as fh:
            records.extend(wacz.scan_warc(fh, w.name)[0])
    records.sort(
        key=lambda r: (wacz.surt(r.url), r.timestamp, r.fields["filename"], int(r.fields["offset"]))
    )
    assert len(records) == 11  # 7 + 3 responses and a failure note: several 2-line chunks
    assert whole_index.decode() == "".join(r.line() + "\n" for r in records)
    assert (
        len(
            {
                json.loads(line.split(" ", 2)[2])["filename"]
                for line in whole_index.decode().splitlines()
            }
        )
        == 2
    )


def test_pages_from_the_archives_own_files_in_agency_order_the_last_visit_winning(tmp_path):
    """Without a database, pages.jsonl comes from the per-process pages files (spooled to disk
    while packaging, an agency's lines at a time): agencies in id order, a later process's visit
    of an agency replacing an earlier one's, a torn last line skipped, text kept exactly."""
    import os

    _, caps, snaps = write_run(tmp_path, pages=4)
    pages = snaps[0]["captures"]["pages"]
    for p, title in zip(pages, ('Baş səhifə \u2028 "x"', "b", "c", "d"), strict=True):
        p["title"] = title
    folder = tmp_path / "r1" / paths.PAGES_SUBDIR
    folder.mkdir(parents=True)
    older, newer = folder / "p1.jsonl", folder / "p2.jsonl"
    entry = lambda aid, ps: json.dumps({"agency_id": aid, "captures": {"pages": ps}}) + "\n"  # noqa: E731
    older.write_text(
        entry("zz", pages[:1]) + entry("b", pages[1:2]) + '{"agency_id": "torn', encoding="utf-8"
    )
    newer.write_text(entry("b", pages[2:4]) + entry("a", pages[1:2]), encoding="utf-8")
    os.utime(older, (1_000_000, 1_000_000))
    os.utime(newer, (2_000_000, 2_000_000))

    path = wacz.package_run(tmp_path, "r1")
    assert wacz.verify(path)[0] == []
    with zipfile.ZipFile(path) as z:
        lines = z.read(wacz.PAGES_PATH).decode().split("\n")
    assert lines.pop() == ""  # the last line ends with a newline too
    expected = [
        line.decode().rstrip("\n")
        for snap in (
            {"agency_id": "a", "captures": {"pages": pages[1:2]}},
            {"agency_id": "b", "captures": {"pages": pages[2:4]}},
            {"agency_id": "zz", "captures": {"pages": pages[:1]}},
        )
        for _, _, line in wacz._page_rows([snap])
    ]
    assert lines[1:] == expected
    assert [json.loads(x)["agency"] for x in lines[1:]] == ["a", "b", "b", "zz"]
    assert json.loads(lines[-1])["title"] == 'Baş səhifə \u2028 "x"'
