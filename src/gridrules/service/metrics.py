"""Prometheus metrics: decisions by result and reason, request latency, reloads, the policy served.

Each app gets its own registry (so several apps can live in one test process).
With several workers (`gridrules serve --workers N`) the supervisor sets
PROMETHEUS_MULTIPROC_DIR and `/metrics` aggregates every worker's values.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Family:
    """One metric family: its kind, name, help and labels (the first always the jurisdiction)."""

    kind: type[Counter] | type[Gauge] | type[Histogram]
    name: str
    help: str
    labels: tuple[str, ...]
    multiprocess_mode: str | None = None  # a gauge: how several workers' values combine
    buckets: tuple[float, ...] | None = None  # a histogram

    def create(self, registry: CollectorRegistry, shared: bool) -> Any:
        options: dict[str, Any] = {}
        if self.buckets is not None:
            options["buckets"] = self.buckets
        if self.multiprocess_mode is not None:  # "all" is the default (one process)
            options["multiprocess_mode"] = self.multiprocess_mode if shared else "all"
        return self.kind(self.name, self.help, list(self.labels), registry=registry, **options)


# attribute of `Metrics` → family
FAMILIES: dict[str, Family] = {
    "decisions": Family(
        Counter,
        "gridrules_decisions",
        "Decisions made, by jurisdiction, result (allow, deny, error) and reason.",
        ("jurisdiction", "result", "reason"),
    ),
    "requests": Family(
        Counter,
        "gridrules_http_requests",
        "HTTP requests answered, by jurisdiction, endpoint and status code.",
        ("jurisdiction", "endpoint", "status"),
    ),
    "latency": Family(
        Histogram,
        "gridrules_request_duration_seconds",
        "Time to answer a request, by jurisdiction and endpoint.",
        ("jurisdiction", "endpoint"),
        buckets=LATENCY_BUCKETS,
    ),
    "reloads": Family(
        Counter,
        "gridrules_policy_reloads",
        "Policy loads, by jurisdiction, trigger (startup, file, signal, admin, notify) "
        "and outcome.",
        ("jurisdiction", "trigger", "outcome"),
    ),
    "policy_info": Family(
        Gauge,
        "gridrules_policy_info",
        "The policy being served (value 1), labelled with its jurisdiction, version "
        "(the content hash) and git commit.",
        ("jurisdiction", "version", "commit"),
        multiprocess_mode="liveall",
    ),
    "loaded_at": Family(
        Gauge,
        "gridrules_policy_loaded_timestamp_seconds",
        "When the policy being served was loaded (Unix time), by jurisdiction.",
        ("jurisdiction",),
        multiprocess_mode="livemax",
    ),
    "rejected": Family(
        Gauge,
        "gridrules_policy_rejected",
        "1 while the latest reload was rejected (an invalid policy is waiting), else 0.",
        ("jurisdiction",),
        multiprocess_mode="livemax",
    ),
}


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def version_label(version: str) -> str:
    """A version as a label value without spaces: `hash (git abc+dirty)` → `hash`."""
    return version.split(" ", 1)[0]


class Metrics:
    """The metric families (`FAMILIES`), every one labelled by jurisdiction.

    One `Metrics` per process (one registry); each jurisdiction's handlers get a
    `bound(jurisdiction)` view whose methods fill in that label.
    """

    content_type = CONTENT_TYPE_LATEST
    decisions: Counter
    requests: Counter
    latency: Histogram
    reloads: Counter
    policy_info: Gauge
    loaded_at: Gauge
    rejected: Gauge

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry(auto_describe=True)
        shared = multiprocess_dir() is not None
        for attribute, family in FAMILIES.items():
            setattr(self, attribute, family.create(self.registry, shared))
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
            child = self._child(self._decision_children, key, self.metrics.decisions, *key)
        child.inc(count)

    def request(self, endpoint: str, status: int, seconds: float) -> None:
        child = self._latency_children.get(endpoint)
        if child is None:
            child = self._child(self._latency_children, endpoint, self.metrics.latency, endpoint)
        child.observe(seconds)
        key = (endpoint, status)
        counter = self._request_children.get(key)
        if counter is None:
            requests = self.metrics.requests
            counter = self._child(self._request_children, key, requests, endpoint, str(status))
        counter.inc()

    def _child(self, cache: dict[Any, Any], key: Any, family: Any, *labels: str) -> Any:
        """`family`'s child for this jurisdiction and `labels`, kept in `cache` under `key`."""
        child = cache[key] = family.labels(self.label, *labels)
        return child

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
