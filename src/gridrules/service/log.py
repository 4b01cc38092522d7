"""The decision log: one JSON object per line for every decision, so an office can audit it.

Each line holds the time, the endpoint, the request, the decision (allowed,
reason, messages, deciding rule), the policy version that made it, whether it
was an error, the latency and the name of the token that asked::

    {"ts": "2024-05-01T09:30:00.123456+00:00", "endpoint": "check",
     "jurisdiction": "chengdu-wuhou", "request": {...}, "allowed": false, "reason": "not_admitted",
     "policy_version": "6a1fa4abd324", "error": false, "latency_ms": 0.21,
     "client": "grid-app", "decision": {...}}

Lines are written whole under a lock, straight to the file (no buffer), before
the client is answered; `reopen()` (called on SIGHUP) lets logrotate move the
file away. A write that fails (disk full, file too large) raises
`DecisionLogError` and nothing of it is kept for later: the request is answered
500 (a denial), so the log never records a decision the client did not get. A
write cut short by a full disk leaves at most one truncated line, which the
next successful write ends with a newline (it is never valid JSON).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class DecisionLogError(OSError):
    """The decision log could not be written; the request must not be answered as decided."""


class DecisionLog:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._cut = False  # the last write stopped mid-line
        self._open()

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o640)

    def write(
        self,
        endpoint: str,
        pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]],
        *,
        latency_ms: float,
        client: str | None,
        batch: int | None = None,
        jurisdiction: str | None = None,
    ) -> None:
        """Log (request, decision) pairs; `decision` dicts carry allowed, reason, version, error."""
        ts = dt.datetime.now(dt.UTC).isoformat()
        lines = []
        for i, (request, decision) in enumerate(pairs):
            entry: dict[str, Any] = {
                "ts": ts,
                "endpoint": endpoint,
                "jurisdiction": jurisdiction,
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
        data = ("\n".join(lines) + "\n").encode("utf-8")
        with self._lock:
            if self._fd is None:
                raise DecisionLogError(f"{self.path} is closed")
            if self._cut:
                data = b"\n" + data  # end the truncated line left by a failed write
            written = 0
            try:
                while written < len(data):
                    n = os.write(self._fd, data[written:])
                    if n <= 0:
                        raise OSError(f"wrote {n} bytes")
                    written += n
            except OSError as exc:
                self._cut = self._cut or written > 0
                raise DecisionLogError(f"cannot write {self.path}: {exc.strerror or exc}") from None
            self._cut = False

    def reopen(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            self._open()

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
