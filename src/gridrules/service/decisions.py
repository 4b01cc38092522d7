"""POST /v1/check and /v1/check/batch: parse, decide from one snapshot, log, then answer.

Fail closed: anything unexpected while deciding becomes a denial flagged
`error: true` (HTTP 200 for a check, so a client that reads only `allowed`
still sees a denial). The decision log is written before the answer is sent;
when it cannot be written the client gets a 500 denial instead of the answer,
so the log never records a decision the client did not get.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from gridrules.catalogue import msg
from gridrules.decision import Decision, Request, RequestError
from gridrules.model import Mode
from gridrules.service.auth import Token
from gridrules.service.base import ServiceBase
from gridrules.service.errors import (
    ServiceError,
    bad_request,
    decision_log_failed,
    dumps,
    request_error,
)
from gridrules.service.holder import Snapshot
from gridrules.service.limits import check_batch, json_object, parse_json
from gridrules.service.log import DecisionLogError

log = logging.getLogger("gridrules.service")

THREAD_BATCH = 256  # batches at least this long are decided off the event loop
FRAGMENT_CACHE = 50_000  # decisions kept as ready JSON per policy version

ERROR_REASON = "error"

_MODES = {"normal": Mode.NORMAL, "emergency": Mode.EMERGENCY}
_FIELDS = frozenset({"principal", "action", "matter", "grid", "at", "mode"})


def error_decision(snapshot: Snapshot | None) -> dict[str, Any]:
    """The answer when deciding failed: a denial, flagged as an error (fail closed)."""
    message = msg("service.decisions.error_decision")
    return {
        "allowed": False,
        "reason": ERROR_REASON,
        "message_zh": message.zh,
        "message_en": message.en,
        "source": None,
        "role": None,
        "policy_version": snapshot.version if snapshot else "",
        "error": True,
    }


def decision_dict(decision: Any, snapshot: Snapshot) -> dict[str, Any]:
    """A decision as JSON; anything that is not a proper Decision is an error denial."""
    if not isinstance(decision, Decision):
        raise TypeError(f"the engine returned {type(decision).__name__}, not a Decision")
    out = decision.to_dict()
    out["allowed"] = decision.allowed is True
    if not out.get("policy_version"):
        out["policy_version"] = snapshot.version
    out["error"] = False
    return out


def read_request(data: Any, active_plan: str | None = None) -> Request:
    """`Request.from_dict`, with a shortcut for the common plain shape (same result, faster).

    A request that does not say `mode` is decided in emergency mode when it names a
    `plan`, or while the service has `active_plan` activated (with that plan).
    """
    if (
        type(data) is dict
        and "mode" not in data
        and (active_plan is not None or data.get("plan") is not None)
    ):
        data = {**data, "mode": "emergency", "plan": data.get("plan") or active_plan}
    if type(data) is dict and data.keys() <= _FIELDS and data.get("at") is None:
        principal, action = data.get("principal"), data.get("action")
        matter, grid = data.get("matter"), data.get("grid")
        raw_mode = data.get("mode", "normal")
        mode = _MODES.get(raw_mode) if type(raw_mode) is str else None
        if (
            mode is not None
            and type(principal) is str
            and type(action) is str
            and type(matter) is str
            and type(grid) is str
            and principal
            and action
            and matter
            and grid
        ):
            return Request(principal, action, matter, grid, None, mode)
    try:
        return Request.from_dict(data)
    except RequestError as exc:
        raise request_error(exc) from None


class DecisionHandlers(ServiceBase):
    """The two hot endpoints (served as raw ASGI by `asgi.DecisionApp`)."""

    _fragments: dict[Decision, bytes]
    _fragments_owner: Snapshot | None = None

    def _fragment(self, snapshot: Snapshot, decision: Any) -> bytes:
        """A decision as JSON bytes (with `error: false`), cached per snapshot: answers repeat.

        Anything that is not a proper `Decision` raises, and the caller denies (fail closed).
        """
        if self._fragments_owner is not snapshot:
            self._fragments, self._fragments_owner = {}, snapshot
        cached = self._fragments.get(decision)
        if cached is None:
            cached = dumps(decision_dict(decision, snapshot))
            if len(self._fragments) >= FRAGMENT_CACHE:
                self._fragments.clear()
            self._fragments[decision] = cached
        return cached

    def _decide(self, snapshot: Snapshot, query: Request) -> tuple[bytes, Any]:
        """(JSON, Decision) — or an error denial's JSON and None when deciding failed."""
        try:
            decision = snapshot.engine.check(query)
            return self._fragment(snapshot, decision), decision
        except RequestError as exc:
            raise request_error(exc) from None
        except Exception:
            log.exception("check failed; denied (fail closed)")
            return dumps(error_decision(snapshot)), None

    def _decide_many(self, snapshot: Snapshot, queries: list[Request]) -> list[tuple[bytes, Any]]:
        try:
            decisions = snapshot.engine.check_many(queries)
            if len(decisions) != len(queries):
                raise RuntimeError(f"check_many answered {len(decisions)} of {len(queries)}")
            fragment = self._fragment
            return [(fragment(snapshot, d), d) for d in decisions]
        except RequestError as exc:
            raise request_error(exc) from None
        except Exception:
            log.exception("batch check failed; deciding one by one")
        out = []
        for query in queries:
            try:
                out.append(self._decide(snapshot, query))
            except ServiceError:
                out.append((dumps(error_decision(snapshot)), None))
        return out

    def _count(self, decided: list[tuple[bytes, Any]]) -> None:
        counts: dict[tuple[bool, str, bool], int] = {}
        for _, d in decided:
            key = (False, ERROR_REASON, True) if d is None else (d.allowed is True, d.reason, False)
            counts[key] = counts.get(key, 0) + 1
        for (allowed, reason, error), n in counts.items():
            self.metrics.decision(allowed, reason, error, n)

    def _log(
        self,
        snapshot: Snapshot,
        endpoint: str,
        queries: list[Request],
        decided: list[tuple[bytes, Any]],
        started: float,
        token: Token | None,
        batch: bool,
    ) -> None:
        """Write the decisions to the log before they are answered; a failed write is a 500."""
        if self.decision_log is None:
            return
        try:
            self.decision_log.write(
                endpoint,
                [
                    (q.to_dict(), json.loads(fragment))
                    for q, (fragment, _) in zip(queries, decided, strict=True)
                ],
                latency_ms=(time.perf_counter() - started) * 1000,
                client=token.name if token else None,
                batch=len(queries) if batch else None,
                jurisdiction=snapshot.jurisdiction,
            )
        except DecisionLogError as exc:
            log.error("decision log: %s; answered 500 (denied)", exc)
            raise decision_log_failed() from None

    async def check(self, body: bytes, token: Token | None) -> bytes:
        snapshot = self.holder.require()
        query = read_request(json_object(parse_json(body)), self.active_plan(snapshot))
        started = time.perf_counter()
        decided = [self._decide(snapshot, query)]
        self._count(decided)
        self._log(snapshot, "check", [query], decided, started, token, batch=False)
        return decided[0][0]

    async def check_batch(self, body: bytes, token: Token | None) -> bytes:
        snapshot = self.holder.require()
        data = json_object(parse_json(body))
        items = data.get("requests")
        if not isinstance(items, list) or len(data) != 1:
            raise bad_request("invalid_request", msg("service.decisions.batch_shape"))
        check_batch(len(items), self.limits)
        queries: list[Request] = []
        active_plan = self.active_plan(snapshot)
        for i, item in enumerate(items):
            try:
                queries.append(read_request(item, active_plan))
            except ServiceError as exc:
                item_error = msg(
                    "service.decisions.batch_item", field="requests", index=i, message=exc.message
                )
                raise bad_request("invalid_request", item_error) from None
        started = time.perf_counter()
        if len(queries) >= THREAD_BATCH:
            decided = await asyncio.to_thread(self._decide_many, snapshot, queries)
        else:
            decided = self._decide_many(snapshot, queries)
        self._count(decided)
        self._log(snapshot, "check_batch", queries, decided, started, token, batch=True)
        head = dumps({"policy_version": snapshot.version, "count": len(decided)})
        return head[:-1] + b',"decisions":[' + b",".join(f for f, _ in decided) + b"]}"
