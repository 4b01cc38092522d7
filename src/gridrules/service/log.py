"""The decision log: one JSON object per line for every decision, so an office can audit it.

Each line holds the time, the endpoint, the request, the decision (allowed,
reason, messages, deciding rule), the policy version that made it, whether it
was an error, the latency and the name of the token that asked::

    {"ts": "2024-05-01T09:30:00.123456+00:00", "endpoint": "check",
     "request": {...}, "allowed": false, "reason": "not_admitted",
     "policy_version": "6a1fa4abd324", "error": false, "latency_ms": 0.21,
     "client": "grid-app", "decision": {...}}

Lines are written whole under a lock and flushed per request; `reopen()`
(called on SIGHUP) lets logrotate move the file away.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any


class DecisionLog:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._file: IO[str] | None = None
        self._open()

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("a", encoding="utf-8")

    def write(
        self,
        endpoint: str,
        pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]],
        *,
        latency_ms: float,
        client: str | None,
        batch: int | None = None,
    ) -> None:
        """Log (request, decision) pairs; `decision` dicts carry allowed, reason, version, error."""
        ts = dt.datetime.now(dt.UTC).isoformat()
        lines = []
        for i, (request, decision) in enumerate(pairs):
            entry: dict[str, Any] = {
                "ts": ts,
                "endpoint": endpoint,
                "request": request,
                "allowed": decision.get("allowed", False),
                "reason": decision.get("reason"),
                "policy_version": decision.get("policy_version"),
                "error": decision.get("error", False),
                "latency_ms": round(latency_ms, 3),
                "client": client,
            }
            if batch is not None:
                entry["batch_size"] = batch
                entry["index"] = i
            entry["decision"] = decision
            lines.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        if not lines:
            return
        text = "\n".join(lines) + "\n"
        with self._lock:
            if self._file is None:
                return
            self._file.write(text)
            self._file.flush()

    def reopen(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
            self._open()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
