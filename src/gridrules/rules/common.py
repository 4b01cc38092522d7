"""Wording helpers the semantic rules share: positions, near-miss suggestions, id lists."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from gridrules.model import Grant, Mode, Origin
from gridrules.problems import Problem, Text, json_path
from gridrules.rules.base import Rule
from gridrules.sources import CsvTable

WORKER_COLUMNS = frozenset({"two_committees", "party_member"})
AREA = {"urban": Text("城镇", "urban"), "rural": Text("农村", "rural")}  # Area value → words


def problem_at(
    rule: Rule,
    origin: Origin,
    *sub: Any,
    message: Text,
    value: Any = None,
    hint: Text | None = None,
) -> Problem:
    """A problem of `rule` at the value `sub` inside the item `origin` points at."""
    return rule.problem(
        origin.at(*sub),
        message,
        value=value,
        hint=hint,
        path=json_path((*origin.path, *sub)),
    )


def attribute_path(origin: Origin, name: str) -> tuple[str, ...]:
    """Where a registry/roster attribute sits: its own column in CSV, `attributes.x` in YAML."""
    if isinstance(origin.source, CsvTable) or name in WORKER_COLUMNS:
        return (name,)
    return ("attributes", name)


def id_list(ids: Iterable[str], limit: int = 12) -> str:
    items = list(ids)
    shown = ", ".join(items[:limit])
    return shown + (f", … (+{len(items) - limit})" if len(items) > limit else "")


def closest(value: str, candidates: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def closest_sorted(value: str, ordered: Sequence[str], window: int = 20) -> str | None:
    """A near miss among many sorted ids (grid codes): compare only the ids sorted nearby.

    Hierarchical codes (CJ/T 349) share prefixes, so a mistyped code sorts next
    to the one meant; this keeps suggestions O(log n) on a 100,000-row registry.
    """
    at = bisect.bisect_left(ordered, value)
    return closest(value, ordered[max(0, at - window) : at + window])


def suggestion(best: str | None, kind: Text, known: Iterable[str]) -> Text:
    """'did you mean X?' when there is a near miss, else the ids that exist."""
    if best is not None:
        return Text(f"是否应为 “{best}”？", f"did you mean '{best}'?")
    listing = id_list(sorted(known))
    if not listing:
        return Text(f"先定义{kind.zh}", f"define the {kind.en} first")
    return Text(f"已定义的{kind.zh}：{listing}", f"defined {kind.en}s: {listing}")


def grant_label(grant: Grant) -> Text:
    """'duty patrol' or 'emergency grant survey', for messages."""
    if grant.mode is Mode.EMERGENCY:
        return Text(f"应急授权 {grant.duty_id}", f"emergency grant '{grant.duty_id}'")
    return Text(f"职责 {grant.duty_id}", f"duty '{grant.duty_id}'")
