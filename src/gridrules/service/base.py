"""What every handler shares: the app's settings and the state one `Service` holds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request as HTTPRequest

from gridrules.service.activation import Activation
from gridrules.service.activation import describe as activation_state
from gridrules.service.auth import TokenAuth
from gridrules.service.holder import PolicyHolder, Snapshot
from gridrules.service.limits import Limits, json_object, parse_json, read_body
from gridrules.service.log import DecisionLog
from gridrules.service.metrics import BoundMetrics, Metrics

BackgroundTask = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class AppConfig:
    limits: Limits = field(default_factory=Limits)
    watch: bool = False  # reload when policy files change (folder sources only)
    debounce_ms: int = 200
    handle_sighup: bool = False  # reload (and reopen the decision log) on SIGHUP; main thread only
    after_admin_reload: Callable[[], None] | None = None  # e.g. tell the other workers
    background: Sequence[BackgroundTask] = ()  # more tasks to run while serving (store listener)


class ServiceBase:
    """The handlers' shared state: one holder, token set, limits, metrics and decision log."""

    def __init__(
        self,
        holder: PolicyHolder,
        auth: TokenAuth,
        config: AppConfig,
        metrics: Metrics | BoundMetrics,
        decision_log: DecisionLog | None,
        activation: Activation | None = None,
        jurisdiction: str | None = None,
    ) -> None:
        self.holder = holder
        self.activation = activation or Activation()
        self.auth = auth
        self.config = config
        self.limits = config.limits
        self.metrics: BoundMetrics = (
            metrics.bound(jurisdiction) if isinstance(metrics, Metrics) else metrics
        )
        self.decision_log = decision_log
        self.jurisdiction = jurisdiction  # the jurisdiction's path segment (several served)

    def active_plan(self, snapshot: Snapshot) -> str | None:
        """The activated plan, if the served policy declares it (else decide in normal mode)."""
        active = self.activation.current
        if active is None or active.plan not in snapshot.engine.policy.plan_by_id:
            return None
        return active.plan

    def emergency_state(self, snapshot: Snapshot | None) -> dict[str, Any]:
        policy = snapshot.engine.policy if snapshot is not None else None
        return activation_state(self.activation.current, policy)

    async def _json_body(self, request: HTTPRequest) -> dict[str, Any]:
        return json_object(parse_json(await read_body(request, self.limits.max_body_bytes)))
