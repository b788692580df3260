"""What the scheduler did, one JSON line per decision, for operators and log collectors.

Events: started, next_run, submitted, would_submit (dry run), skipped, failed, stopped.
Every line has `time` (the service clock) and `event`; `reason` says why for skipped/failed.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import TextIO


class EventLog:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def emit(self, event: str, time: datetime, **fields: object) -> dict:
        record = {"time": time.isoformat(timespec="seconds"), "event": event, **fields}
        self.stream.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        self.stream.flush()
        return record
