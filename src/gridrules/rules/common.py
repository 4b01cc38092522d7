"""What the semantic rules share: a problem in the rule's catalogue words at a position,
near-miss suggestions, lists in each language, and the walks several rules make
(admitted matters, protected roles' grants)."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Literal

from gridrules.catalogue import msg
from gridrules.lookup import protected_grants
from gridrules.model import Admission, Grant, Grid, Matter, Mode, Origin, Policy, Tier, Worker
from gridrules.problems import Problem, Text, json_path
from gridrules.rules.base import Rule
from gridrules.sources import CsvTable

WORKER_COLUMNS = frozenset({"two_committees", "party_member"})
AREA = {
    "urban": msg("rules.common.area_urban"),
    "rural": msg("rules.common.area_rural"),
}  # Area value → words


def problem_at(
    rule: Rule,
    origin: Origin,
    *sub: Any,
    part: str = "",
    hint: Text | Literal["default"] | None = "default",
    value: Any = None,
    **params: Any,
) -> Problem:
    """A problem of `rule` at the value `sub` inside the item `origin` points at.

    Its words are the rule's catalogue entries filled from `params`: the message
    `message_<part>` (`message` without a part) and the hint `hint_<part>`, else
    the rule's general `hint`, else none. A `hint` given (a Text, or None for no
    hint) wins.
    """
    message = rule.text(f"message_{part}" if part else "message", **params)
    if hint == "default":
        keys = [k for k in (f"hint_{part}", "hint") if rule.has(k)]
        hint = rule.text(keys[0], **params) if keys else None
    return rule.problem(
        origin.at(*sub), message, value=value, hint=hint, path=json_path((*origin.path, *sub))
    )


COMMA = msg("rules.common.comma")
SEMICOLON = msg("rules.common.semicolon")


def listed(items: Iterable[str | Text], sep: Text = COMMA) -> tuple[str, str]:
    """Items joined in each language ("a、b" and "a, b"); a Text item in its language."""
    shown = list(items)
    zh, en = (
        sep(lang).join(i(lang) if isinstance(i, Text) else i for i in shown)
        for lang in ("zh", "en")
    )
    return zh, en


def at_field(rule: Rule, item: Any, field: str, /, **params: Any) -> Problem:
    """A problem at the item's `field` (the key its attribute is read from), showing its value."""
    return problem_at(rule, item.origin, field, value=getattr(item, field), **params)


def admitted_matters(policy: Policy) -> Iterator[tuple[Admission, Matter]]:
    """Each admission with its matter, where the matter is defined, not excluded, and
    handled at a known tier (GR201 and GR505 report the others)."""
    for admission in policy.admissions:
        matter = policy.matter_by_id.get(admission.matter)
        excluded = matter is None or matter.id in policy.excluded_matters
        if matter is not None and not excluded and matter.handling_tier in policy.tier_depth:
            yield admission, matter


def grids_with_tiers(policy: Policy) -> Iterator[tuple[Grid, Tier]]:
    """Each registry node with its tier, where the tier is defined (GR201 reports the others)."""
    for grid in policy.grids:
        tier = policy.tier_by_id.get(grid.tier)
        if tier is not None:
            yield grid, tier


def workers_with_grids(policy: Policy) -> Iterator[tuple[Worker, Grid]]:
    """Each roster worker with its registry node, where that is defined (GR201 reports the others)."""
    for worker in policy.workers:
        grid = policy.grid_by_id.get(worker.grid)
        if grid is not None:
            yield worker, grid


def parent_of(policy: Policy, grid: Grid) -> Grid | None:
    """The registry node a grid names as its parent, if it names one the registry holds."""
    return policy.grid_by_id.get(grid.parent) if grid.parent is not None else None


def both(words_in: Callable[[str], str]) -> tuple[str, str]:
    """A parameter given in each language: `both(limit.describe)`, `both(tier.names)`."""
    return words_in("zh"), words_in("en")


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
        return msg("rules.common.did_you_mean", best=best)
    listing = id_list(sorted(known))
    if not listing:
        return msg("rules.common.define_first", kind=kind)
    return msg("rules.common.defined", kind=kind, listing=listing)


def grant_label(grant: Grant) -> Text:
    """'duty patrol' or 'emergency grant survey', for messages."""
    if grant.mode is Mode.EMERGENCY:
        return msg("rules.common.emergency_grant", duty=grant.duty_id)
    return msg("rules.common.duty", duty=grant.duty_id)


Judge = Callable[[Grant, str], dict[str, Any] | None]


def grant_problems(rule: Rule, policy: Policy, matter: Judge, category: Judge) -> Iterator[Problem]:
    """A problem at each matter and category a protected role's grant names that its judge
    finds at fault (its further parameters; None: no fault). The parts are `matter` and
    `category`, with `{role}`, `{where}` (the duty or emergency grant) and `{matter}` or
    `{category}`; a judge may give the `hint` too."""
    for grant in protected_grants(policy):
        words: dict[str, Any] = {"role": grant.role, "where": grant_label(grant)}
        for key, part, named, judge in (
            ("matters", "matter", grant.matters, matter),
            ("categories", "category", grant.categories, category),
        ):
            for k, item in enumerate(named):
                found = judge(grant, item)
                if found is not None:
                    said: dict[str, Any] = {**words, part: item, **found}
                    yield problem_at(rule, grant.origin, key, k, part=part, value=item, **said)
