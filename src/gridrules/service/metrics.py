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


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry(auto_describe=True)
        shared = multiprocess_dir() is not None
        self.decisions = Counter(
            "gridrules_decisions",
            "Decisions made, by result (allow, deny, error) and reason.",
            ["result", "reason"],
            registry=self.registry,
        )
        self.requests = Counter(
            "gridrules_http_requests",
            "HTTP requests answered, by endpoint and status code.",
            ["endpoint", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "gridrules_request_duration_seconds",
            "Time to answer a request, by endpoint.",
            ["endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.reloads = Counter(
            "gridrules_policy_reloads",
            "Policy reloads, by trigger (startup, file, signal, admin, notify) and outcome.",
            ["trigger", "outcome"],
            registry=self.registry,
        )
        gauge_mode: dict[str, Any] = {"multiprocess_mode": "liveall"} if shared else {}
        self.policy_info = Gauge(
            "gridrules_policy_info",
            "The policy being served (value 1), labelled with its jurisdiction and version.",
            ["jurisdiction", "version"],
            registry=self.registry,
            **gauge_mode,
        )
        self.loaded_at = Gauge(
            "gridrules_policy_loaded_timestamp_seconds",
            "When the policy being served was loaded (Unix time).",
            registry=self.registry,
            multiprocess_mode="livemax" if shared else "all",  # "all" is the default
        )
        self.rejected = Gauge(
            "gridrules_policy_rejected",
            "1 while the latest reload was rejected (an invalid policy is waiting), else 0.",
            registry=self.registry,
            multiprocess_mode="livemax" if shared else "all",  # "all" is the default
        )
        self._decision_children: dict[tuple[str, str], Any] = {}
        self._latency_children: dict[str, Any] = {}
        self._request_children: dict[tuple[str, int], Any] = {}
        self._info_labels: tuple[str, str] | None = None

    # hot path: children are looked up once and cached
    def decision(self, allowed: bool, reason: str, error: bool = False, count: int = 1) -> None:
        result = "error" if error else "allow" if allowed else "deny"
        key = (result, reason)
        child = self._decision_children.get(key)
        if child is None:
            child = self._decision_children[key] = self.decisions.labels(result, reason)
        child.inc(count)

    def request(self, endpoint: str, status: int, seconds: float) -> None:
        child = self._latency_children.get(endpoint)
        if child is None:
            child = self._latency_children[endpoint] = self.latency.labels(endpoint)
        child.observe(seconds)
        key = (endpoint, status)
        counter = self._request_children.get(key)
        if counter is None:
            counter = self._request_children[key] = self.requests.labels(endpoint, str(status))
        counter.inc()

    def reload(self, outcome: ReloadOutcome, snapshot: Snapshot | None) -> None:
        self.reloads.labels(outcome.trigger, outcome.status).inc()
        self.rejected.set(1 if outcome.rejection is not None else 0)
        if snapshot is not None and (outcome.status == APPLIED or self._info_labels is None):
            self.serving(snapshot)

    def serving(self, snapshot: Snapshot) -> None:
        labels = (snapshot.jurisdiction, snapshot.version)
        if self._info_labels is not None and self._info_labels != labels:
            with contextlib.suppress(KeyError):
                self.policy_info.remove(*self._info_labels)
        self.policy_info.labels(*labels).set(1)
        self._info_labels = labels
        self.loaded_at.set(snapshot.loaded_at.timestamp() if snapshot.loaded_at else time.time())

    def render(self) -> bytes:
        directory = multiprocess_dir()
        if directory is None:
            return generate_latest(self.registry)
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]  # unannotated in prometheus_client
        return generate_latest(registry)
