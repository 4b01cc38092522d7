"""The one module that imports pycasbin: a FastEnforcer over compiled `CasbinArtifacts`.

What it fixes or avoids in pycasbin 2.8.0 (each covered by tests/test_engine.py):
- `FastModel.add_def` returns None, so the model loader stops after the first
  role definition and g2/g3 are silently dropped (enforce then raises
  FunctionNotDefined). `_FastModel` returns what `Model.add_def` returns.
- `add_policy` is O(N²); rows are bulk-loaded through an adapter's `load_policy`.
- The matcher is re-parsed on every call; `_Enforcer` caches the parsed
  expression per matcher text (the role-manager closures it captures are the
  same objects for the enforcer's lifetime).
- `print_policy` and `RoleManager.print_roles` format every row and role into
  one string on each load even with logging off (seconds at city scale); they
  only do so here when their logger is enabled.
- Role managers default to 10 hops; the limit is raised to the longest chain
  in each graph, so deep registries are not cut short.
Enforcement is never disabled (the constructor refuses an enforcer that is),
and every exception Casbin raises becomes an `EnforcerError`.
pycasbin's role manager mutates itself on lookups, so calls hold a lock; the
engine's hot path does not come here (it uses the index proven equal to this).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

import casbin
from casbin.model import FastModel, Model
from casbin.model.policy_fast import FastPolicy, fast_policy_filter
from casbin.persist import Adapter
from casbin.rbac.default_role_manager import RoleManager

from gridrules.catalogue import msg
from gridrules.compile import CACHE_KEY_ORDER, CasbinArtifacts
from gridrules.errors import GridrulesError
from gridrules.gcpause import paused_gc
from gridrules.runtime import graph_hops


class EnforcerError(GridrulesError):
    """Casbin refused the compiled model or failed while deciding (a gridrules bug)."""

    def __init__(self, what: str, exc: BaseException) -> None:
        super().__init__(
            msg("core.casbin_failed", what=what, error=f"{type(exc).__name__}: {exc}"),
            exit_code=3,  # a bug, not the user's input: the CLI logs its traceback
        )


class _RoleManager(RoleManager):  # type: ignore[misc]
    def print_roles(self) -> None:
        if self.logger.isEnabledFor(logging.INFO):
            super().print_roles()


class _FastModel(FastModel):  # type: ignore[misc]
    """FastModel whose add_def reports success, so g2, g3… are loaded."""

    def print_policy(self) -> None:
        if self.logger.isEnabledFor(logging.INFO):
            super().print_policy()

    def add_def(self, sec: str, key: str, value: Any) -> Any:
        added = Model.add_def(self, sec, key, value)
        if added and sec == "p" and key == "p":
            self.model[sec][key].policy = FastPolicy(self._cache_key_order)
        return added


class _RowsAdapter(Adapter):  # type: ignore[misc]
    """Bulk-loads policy rows straight into the model (no O(N²) add_policy)."""

    def __init__(self, rows: Sequence[tuple[str, ...]]) -> None:
        self.rows = rows

    def load_policy(self, model: Model) -> None:
        sections = model.model
        for row in self.rows:
            key = row[0]
            sections[key[0]][key].policy.append(list(row[1:]))


class _Enforcer(casbin.FastEnforcer):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._expressions: dict[str, Any] = {}
        super().__init__(*args, **kwargs)

    def init_rm_map(self) -> None:
        super().init_rm_map()
        for key, manager in list(self.rm_map.items()):
            if type(manager) is RoleManager:
                quiet = _RoleManager(manager.max_hierarchy_level)
                self.model["g"][key].rm = quiet
                self.rm_map[key] = quiet

    def new_model(self, path: str = "", text: str = "") -> Model:
        model = _FastModel(self._cache_key_order)
        if path:
            model.load_model(path)
        else:
            model.load_model_from_text(text)
        return model

    def _get_expression(self, expr: str, functions: Any = None) -> Any:
        cached = self._expressions.get(expr)
        if cached is None:
            cached = super()._get_expression(expr, functions)
            self._expressions[expr] = cached
        return cached

    def enforce_explained(self, *rvals: str) -> tuple[bool, list[str]]:
        keys = [rvals[i] for i in self._cache_key_order]
        with fast_policy_filter(self.model.model["p"]["p"].policy, *keys):
            result, rule = self.enforce_ex(*rvals)
        return bool(result), list(rule)


class CasbinEnforcer:
    """A pycasbin enforcer loaded with a compiled policy."""

    def __init__(self, artifacts: CasbinArtifacts) -> None:
        self.artifacts = artifacts
        self._lock = threading.Lock()
        try:
            with paused_gc():
                model = _FastModel(list(CACHE_KEY_ORDER))
                model.load_model_from_text(artifacts.model_text)
                self._enforcer = _Enforcer(
                    model, _RowsAdapter(artifacts.rows), cache_key_order=list(CACHE_KEY_ORDER)
                )
                # the longest chain has hops + 1 nodes; leave room so has_link never stops short
                for key, hops in graph_hops(artifacts.rows).items():
                    manager = self._enforcer.rm_map.get(key)
                    if manager is not None:
                        manager.max_hierarchy_level = max(10, hops + 3)
        except Exception as exc:
            raise EnforcerError("load", exc) from exc
        if not self._enforcer.enabled:  # never decide with enforcement switched off
            raise EnforcerError("load", RuntimeError("enforcement is disabled"))
        missing = {"g", "g2", "g3"} - set(self._enforcer.model.model.get("g", {}))
        if missing:
            raise EnforcerError(
                "load", RuntimeError(f"role definitions dropped: {sorted(missing)}")
            )

    @property
    def enabled(self) -> bool:
        return bool(self._enforcer.enabled)

    @property
    def role_definitions(self) -> tuple[str, ...]:
        return tuple(self._enforcer.model.model.get("g", {}))

    def enforce(self, *rvals: str) -> bool:
        """One Casbin request (see gridrules.compile.REQUEST_FIELDS)."""
        return self.enforce_ex(*rvals)[0]

    def enforce_ex(self, *rvals: str) -> tuple[bool, list[str]]:
        """The decision and the p-row (without its ptype) that allowed it, [] if none."""
        with self._lock:
            try:
                return self._enforcer.enforce_explained(*rvals)
            except Exception as exc:
                raise EnforcerError("enforce", exc) from exc
