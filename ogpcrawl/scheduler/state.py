"""The last fire time handled per job, in a small JSON file, so a restart neither repeats a
submission nor loses one that fell while the service was down."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path


class StateFile:
    """`{"job name": "ISO time"}`. Without a path the state lives in memory only."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None

    def load(self) -> dict[str, datetime]:
        if not self.path or not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {name: datetime.fromisoformat(value) for name, value in raw.items()}
        except (ValueError, AttributeError) as exc:
            raise ValueError(
                f"{self.path}: unreadable scheduler state ({exc}); delete it to start afresh"
            ) from exc

    def save(self, times: dict[str, datetime]) -> None:
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(
            json.dumps({k: v.isoformat() for k, v in sorted(times.items())}, indent=1) + "\n",
            encoding="utf-8",
        )
        os.replace(tmp, self.path)  # atomic: a crash never leaves half a file
