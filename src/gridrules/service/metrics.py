"""Prometheus metrics: decisions by result and reason, request latency, reloads, the policy served.

Each app gets its own registry (so several apps can live in one test process).
With several workers (`gridrules serve --workers N`) the supervisor sets
PROMETHEUS_MULTIPROC_DIR and `/metrics` aggregates every worker's values.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from gridrules.service.holder import APPLIED, ReloadOutcome, Snapshot

LATENCY_BUCKETS = (
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def version_label(version: str) -> str:
    """A version as a label value without spaces: `hash (git abc+dirty)` → `hash`."""
    return version.split(" ", 1)[0]


class Metrics:
    """The metric families, every one labelled by jurisdiction.

    One `Metrics` per process (one registry); each jurisdiction's handlers get a
    `bound(jurisdiction)` view whose methods fill in that label.
    """

    content_type = CONTENT_TYPE_LATEST

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry(auto_describe=True)
        shared = multiprocess_dir() is not None
        self.decisions = Counter(
            "gridrules_decisions",
            "Decisions made, by jurisdiction, result (allow, deny, error) and reason.",
            ["jurisdiction", "result", "reason"],
            registry=self.registry,
        )
        self.requests = Counter(
            "gridrules_http_requests",
            "HTTP requests answered, by jurisdiction, endpoint and status code.",
            ["jurisdiction", "endpoint", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "gridrules_request_duration_seconds",
            "Time to answer a request, by jurisdiction and endpoint.",
            ["jurisdiction", "endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.reloads = Counter(
            "gridrules_policy_reloads",
            "Policy loads, by jurisdiction, trigger (startup, file, signal, admin, notify) "
            "and outcome.",
            ["jurisdiction", "trigger", "outcome"],
            registry=self.registry,
        )
        gauge_mode: dict[str, Any] = {"multiprocess_mode": "liveall"} if shared else {}
        self.policy_info = Gauge(
            "gridrules_policy_info",
            "The policy being served (value 1), labelled with its jurisdiction, version "
            "(the content hash) and git commit.",
            ["jurisdiction", "version", "commit"],
            registry=self.registry,
            **gauge_mode,
        )
        self.loaded_at = Gauge(
            "gridrules_policy_loaded_timestamp_seconds",
            "When the policy being served was loaded (Unix time), by jurisdiction.",
            ["jurisdiction"],
            registry=self.registry,
            multiprocess_mode="livemax" if shared else "all",  # "all" is the default
        )
        self.rejected = Gauge(
            "gridrules_policy_rejected",
            "1 while the latest reload was rejected (an invalid policy is waiting), else 0.",
            ["jurisdiction"],
            registry=self.registry,
            multiprocess_mode="livemax" if shared else "all",  # "all" is the default
        )
        self._default = BoundMetrics(self, None)

    def bound(self, jurisdiction: str | None) -> BoundMetrics:
        """A view that labels everything with `jurisdiction` (None: learnt from the first load)."""
        return BoundMetrics(self, jurisdiction)

    # the unbound methods: the jurisdiction of the first policy served (single-policy apps)
    def decision(self, allowed: bool, reason: str, error: bool = False, count: int = 1) -> None:
        self._default.decision(allowed, reason, error, count)

    def request(self, endpoint: str, status: int, seconds: float) -> None:
        self._default.request(endpoint, status, seconds)

    def reload(self, outcome: ReloadOutcome, snapshot: Snapshot | None) -> None:
        self._default.reload(outcome, snapshot)

    def serving(self, snapshot: Snapshot) -> None:
        self._default.serving(snapshot)

    def render(self) -> bytes:
        directory = multiprocess_dir()
        if directory is None:
            return generate_latest(self.registry)
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]  # unannotated in prometheus_client
        return generate_latest(registry)


class BoundMetrics:
    """One jurisdiction's view of `Metrics`: the same methods, the jurisdiction label filled in."""

    def __init__(self, metrics: Metrics, jurisdiction: str | None) -> None:
        self.metrics = metrics
        self.content_type = metrics.content_type
        self.jurisdiction = jurisdiction
        self._decision_children: dict[tuple[str, str], Any] = {}
        self._latency_children: dict[str, Any] = {}
        self._request_children: dict[tuple[str, int], Any] = {}
        self._info_labels: tuple[str, str, str] | None = None

    @property
    def label(self) -> str:
        return self.jurisdiction or ""

    # hot path: children are looked up once and cached
    def decision(self, allowed: bool, reason: str, error: bool = False, count: int = 1) -> None:
        result = "error" if error else "allow" if allowed else "deny"
        key = (result, reason)
        child = self._decision_children.get(key)
        if child is None:
            child = self._decision_children[key] = self.metrics.decisions.labels(
                self.label, result, reason
            )
        child.inc(count)

    def request(self, endpoint: str, status: int, seconds: float) -> None:
        child = self._latency_children.get(endpoint)
        if child is None:
            child = self._latency_children[endpoint] = self.metrics.latency.labels(
                self.label, endpoint
            )
        child.observe(seconds)
        key = (endpoint, status)
        counter = self._request_children.get(key)
        if counter is None:
            counter = self._request_children[key] = self.metrics.requests.labels(
                self.label, endpoint, str(status)
            )
        counter.inc()

    def reload(self, outcome: ReloadOutcome, snapshot: Snapshot | None) -> None:
        if self.jurisdiction is None and snapshot is not None:
            self._learn(snapshot.jurisdiction)
        self.metrics.reloads.labels(self.label, outcome.trigger, outcome.status).inc()
        self.metrics.rejected.labels(self.label).set(1 if outcome.rejection is not None else 0)
        if snapshot is not None and (outcome.status == APPLIED or self._info_labels is None):
            self.serving(snapshot)

    def serving(self, snapshot: Snapshot) -> None:
        if self.jurisdiction is None:
            self._learn(snapshot.jurisdiction)
        labels = (self.label, version_label(snapshot.version), snapshot.commit or "")
        if self._info_labels is not None and self._info_labels != labels:
            with contextlib.suppress(KeyError):
                self.metrics.policy_info.remove(*self._info_labels)
        self.metrics.policy_info.labels(*labels).set(1)
        self._info_labels = labels
        self.metrics.loaded_at.labels(self.label).set(
            snapshot.loaded_at.timestamp() if snapshot.loaded_at else time.time()
        )

    def _learn(self, jurisdiction: str) -> None:
        """The first policy names the jurisdiction; children cached before it are dropped."""
        self.jurisdiction = jurisdiction
        self._decision_children.clear()
        self._latency_children.clear()
        self._request_children.clear()

    def render(self) -> bytes:
        return self.metrics.render()
