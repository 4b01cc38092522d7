"""Which emergency plan the service decides with (平战结合), switched by the admin API.

While a plan is active, a decision request that does not say `mode` is decided
in emergency mode with that plan; a request that says `mode` is decided as it
says. Activation is held in memory (a restart returns to normal mode) and,
with several workers, in a small JSON file the supervisor names
(GRIDRULES_ACTIVATION_FILE): the worker that takes the admin call writes it
and signals the supervisor, and every worker reads it again on SIGHUP.

If a reload brings a policy that no longer declares the active plan, requests
are decided in normal mode (the plan's grants and admissions no longer exist)
and the state shows `declared: false` until the plan is deactivated.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gridrules.atomic import write_atomic
from gridrules.catalogue import msg
from gridrules.decision import RequestError
from gridrules.lang import joined
from gridrules.levels import LEVEL_BY_ID
from gridrules.model import Policy
from gridrules.service.errors import ServiceError, bad_request

log = logging.getLogger("gridrules.service")

ACTIVATION_ENV = "GRIDRULES_ACTIVATION_FILE"


@dataclass(frozen=True, slots=True)
class Active:
    """An activated plan: which, at which national response level, since when, by whom."""

    plan: str
    level: str  # I–IV
    since: dt.datetime
    by: str | None  # the admin token's name

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "level": self.level,
            "since": self.since.isoformat(),
            "by": self.by,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Active | None:
        if not isinstance(data, dict):
            return None
        plan, level, since = data.get("plan"), data.get("level"), data.get("since")
        if not (isinstance(plan, str) and isinstance(level, str) and isinstance(since, str)):
            return None
        try:
            moment = dt.datetime.fromisoformat(since)
        except ValueError:
            return None
        by = data.get("by")
        return cls(plan, level, moment, by if isinstance(by, str) else None)


def describe(active: Active | None, policy: Policy | None) -> dict[str, Any]:
    """The state as the health and metadata answers show it."""
    if active is None:
        return {"active": False, "mode": "normal"}
    plan = policy.plan_by_id.get(active.plan) if policy is not None else None
    level = LEVEL_BY_ID.get(active.level)
    return {
        "active": True,
        "mode": "emergency" if plan is not None else "normal",
        **active.to_dict(),
        "declared": plan is not None,
        "plan_names": {"zh": plan.names.zh, "en": plan.names.en} if plan else None,
        "level_names": (
            {"zh": level.label("zh"), "en": level.label("en")} if level is not None else None
        ),
        "colour": level.colour_id if level is not None else None,
    }


def parse_plan(value: Any) -> str | None:
    """A request's `plan`: None, or a non-empty string."""
    if value is None:
        return None
    if isinstance(value, str) and value:
        return value
    raise RequestError(msg("service.activation.plan_invalid"))


def read_activation(data: dict[str, Any], policy: Policy) -> tuple[str, str]:
    """(plan, level) from an admin activation body, checked against the served policy."""
    unknown = sorted(set(data) - {"plan", "level"})
    if unknown:
        raise bad_request("invalid_request", msg("service.request.unknown_field", field=unknown[0]))
    plan_id, level = data.get("plan"), data.get("level")
    if not isinstance(plan_id, str) or not plan_id:
        raise bad_request("invalid_request", msg("service.activation.plan_required"))
    plan = policy.plan_by_id.get(plan_id)
    if plan is None:
        declared = ", ".join(policy.plan_by_id) or "—"
        raise ServiceError(
            404,
            "unknown_plan",
            msg("service.activation.unknown_plan", plan=plan_id, declared=declared),
        )
    if not isinstance(level, str) or level not in plan.levels:
        levels = joined(msg("core.comma"), plan.levels)
        raise bad_request(
            "invalid_level", msg("service.activation.invalid_level", plan=plan_id, levels=levels)
        )
    return plan_id, level


class Activation:
    """The active plan of this process; shared through `path` when several workers serve."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._active: Active | None = None
        self.refresh()

    @classmethod
    def from_environment(cls) -> Activation:
        return cls(os.environ.get(ACTIVATION_ENV) or None)

    @property
    def current(self) -> Active | None:
        return self._active

    def activate(self, plan: str, level: str, by: str | None) -> Active:
        active = Active(plan, level, dt.datetime.now(dt.UTC), by)
        self._set(active)
        log.warning("emergency plan %s activated at level %s by %s", plan, level, by or "-")
        return active

    def deactivate(self, by: str | None) -> Active | None:
        ended = self._active
        self._set(None)
        if ended is not None:
            log.warning("emergency plan %s deactivated by %s", ended.plan, by or "-")
        return ended

    def _set(self, active: Active | None) -> None:
        with self._lock:
            if self.path is not None:
                state = active.to_dict() if active is not None else None
                write_atomic(self.path, json.dumps({"active": state}, ensure_ascii=False) + "\n")
            self._active = active

    def refresh(self) -> None:
        """Read the shared file again (another worker may have changed it)."""
        if self.path is None:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            log.exception("could not read the emergency activation file %s", self.path)
            return
        with self._lock:
            self._active = Active.from_dict(data.get("active") if isinstance(data, dict) else None)
