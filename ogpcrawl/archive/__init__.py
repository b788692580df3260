"""The run's evidence archive: every HTTP exchange as WARC records, packaged as one WACZ per run.

- `paths.py`   where a run's archive lives (OGP_ARCHIVE_DIR/<run id>/), run-id checks, retention
- `warc.py`    WarcFile: streams request/response, rendered-DOM, screenshot and failure records
- `capture.py` ArchiveMiddleware (downloader, next to the handler) and ArchiveExtension (close)
- `wacz.py`    packaging (pages.jsonl, CDXJ index, datapackage.json), reading and verifying
- `replay.py`  `scrapy evidence serve`: the archive replayed on loopback
- `rejudge.py` detection and rating again from a run's archive alone

docs/evidence.md describes the layout and the choices.
"""
