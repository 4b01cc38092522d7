"""Sheets printed per role and per grid: patrol checklists, notice sheets, the search index."""

from __future__ import annotations

from collections.abc import Sequence

from gridrules.lookup import grid_nodes, grid_tiers, workers_by_grid
from gridrules.model import Action, Grid, Mode, Policy, Worker
from gridrules.render import timing
from gridrules.render.builder import Builder
from gridrules.render.labels import coded
from gridrules.render.timing import limit_text
from gridrules.render.views import (
    CHANNEL_CONTACTS,
    CHANNEL_LEVELS,
    ChannelView,
    CheckGroup,
    CheckItem,
    Checklist,
    Manual,
    Notice,
    PersonView,
    SearchEntry,
    slug,
)
from gridrules.route import route

# --- checklists ---------------------------------------------------------------

_PATROL = (Action.HANDLE, Action.REPORT, Action.ASSIST)


def build_checklists(b: Builder) -> tuple[Checklist, ...]:
    p, lang = b.p, b.lang
    out: list[Checklist] = []
    order = {m.id: i for i, m in enumerate(p.matters)}
    grants = p.grants(Mode.NORMAL)
    for role in sorted(p.roles, key=lambda r: p.tier_depth.get(r.tier, 0)):
        tier = p.tier_by_id.get(role.tier)
        if tier is None or not tier.is_grid:
            continue
        action_of: dict[str, Action] = {}
        for g in grants:
            if g.role != role.id:
                continue
            # the strongest action wins: handle > report > assist
            action = next((a for a in _PATROL if a in g.actions), None)
            if action is None:
                continue
            for matter_id in p.grant_matters(g):
                current = action_of.get(matter_id)
                if current is None or _PATROL.index(action) < _PATROL.index(current):
                    action_of[matter_id] = action
        items = [m for m in action_of if m in p.matter_by_id and b.admitted_now(m)]
        if not items:
            continue
        groups: dict[str, list[CheckItem]] = {}
        for matter_id in sorted(items, key=order.__getitem__):
            m = p.matter_by_id[matter_id]
            groups.setdefault(m.category, []).append(
                CheckItem(
                    m.names(lang),
                    coded("action", action_of[matter_id].value, lang),
                    limit_text(m.report_within, lang),
                    limit_text(m.close_within, lang),
                    b.deadline(m.id),
                )
            )
        ordered = [c.id for c in p.categories if c.id in groups] + [
            c for c in groups if c not in p.category_by_id
        ]
        out.append(
            Checklist(
                id=role.id,
                role=role.names(lang),
                tier=tier.names(lang),
                groups=tuple(CheckGroup(b.category(c), tuple(groups[c])) for c in ordered),
                href=f"checklists/{slug(role.id)}.html",
            )
        )
    return tuple(out)


# --- notice sheets ------------------------------------------------------------


def select_grids(policy: Policy, roots: Sequence[str]) -> list[Grid]:
    """Grids with a grid tier, limited to the subtrees of `roots` when given."""
    candidates = list(grid_nodes(policy))
    if not roots:
        return candidates
    wanted = set(roots)
    return [
        g
        for g in candidates
        if g.id in wanted or any(a.id in wanted for a in _ancestors(policy, g))
    ]


def _ancestors(policy: Policy, grid: Grid) -> list[Grid]:
    """Parents of a grid, nearest first (cycles are validation errors; stop on one anyway)."""
    out: list[Grid] = []
    seen = {grid.id}
    current = policy.grid_by_id.get(grid.parent) if grid.parent else None
    while current is not None and current.id not in seen:
        out.append(current)
        seen.add(current.id)
        current = policy.grid_by_id.get(current.parent) if current.parent else None
    return out


_GROUP_LEVELS = ("street", "township")


def _print_group(policy: Policy, chain: list[Grid]) -> Grid:
    """The registry node whose notice sheets print together: the street or township above
    the grid, else the node above its top grid, else the top grid itself."""
    for node in chain:
        tier = policy.tier_by_id.get(node.tier)
        if tier is not None and tier.admin_level in _GROUP_LEVELS:
            return node
    tops = [i for i, n in enumerate(chain) if n.tier in grid_tiers(policy)]
    top = tops[-1] if tops else 0
    return chain[top + 1] if top + 1 < len(chain) else chain[top]


def build_notices(b: Builder, roots: Sequence[str]) -> tuple[Notice, ...]:
    p, lang, sep = b.p, b.lang, b.sep
    grids = select_grids(p, roots)
    if not grids:
        return ()
    on_grid = workers_by_grid(p)
    supervisor_role = {s.tier: s.role for s in p.party.supervision}
    # The chain of levels, nodes and people above a grid does not depend on the
    # matter; any matter asks the engine for it.
    any_matter = p.matters[0].id if p.matters else None

    def people_at(node_id: str) -> tuple[Worker, ...]:
        return on_grid.get(node_id, ())

    def person(w: Worker, only: set[str] | None = None) -> PersonView:
        shown = [r for r in w.roles if only is None or r in only]
        return PersonView(w.name, sep.join(b.role(r) for r in shown), w.phone)

    # The levels above a grid's own tier, and their nodes, follow from its tier and its
    # parent alone: the sibling grids of a community share one channel.
    channels: dict[tuple[str, str | None], tuple[ChannelView, ...]] = {}

    def channel_of(g: Grid) -> tuple[ChannelView, ...]:
        """Where to report: the levels of the grid's escalation chain above its own."""
        key = (g.tier, g.parent)
        if key in channels:
            return channels[key]
        channel: list[ChannelView] = []
        steps = (
            route(p, any_matter, g.id, people_at=people_at).steps if any_matter is not None else ()
        )
        for step in steps:
            if step.tier == g.tier:
                continue
            if len(channel) == CHANNEL_LEVELS:
                break
            handlers = {h.id for h in step.handlers}
            people = [p.worker_by_id[x.id] for x in step.people if x.id in p.worker_by_id]
            channel.append(
                ChannelView(
                    step.names(lang),
                    step.node.names(lang) if step.node is not None else "",
                    tuple(person(w, handlers) for w in people[:CHANNEL_CONTACTS]),
                    max(0, len(people) - CHANNEL_CONTACTS),
                    limit_text(step.time_limit, lang),
                    timing.resident_within(step.time_limit, lang),
                )
            )
        channels[key] = tuple(channel)
        return channels[key]

    out: list[Notice] = []
    for g in grids:
        ancestors = _ancestors(p, g)
        chain = [g, *ancestors]
        # party supervisors: holders of the supervising role on this grid or the nearest above
        supervisors: list[PersonView] = []
        role_id = supervisor_role.get(g.tier)
        if role_id is not None:
            for node in chain:
                found = [w for w in on_grid.get(node.id, ()) if role_id in w.roles]
                if found:
                    supervisors = [person(w, {role_id}) for w in found]
                    break
        group = _print_group(p, chain)
        out.append(
            Notice(
                id=g.id,
                name=g.name,
                tier=b.tier(g.tier),
                path=tuple(n.name for n in reversed(ancestors)),
                households=str(g.households) if g.households is not None else "",
                area=coded("area", g.area.value, lang),
                type=coded("grid_type", g.type, lang),
                boundary=g.boundary,
                party_org=g.party_org,
                workers=tuple(person(w) for w in on_grid.get(g.id, ())),
                supervisors=tuple(supervisors),
                channel=channel_of(g),
                href=f"notices/{slug(g.id)}.html",
                group_id=group.id,
                group=group.name,
            )
        )
    return tuple(out)


# --- search -------------------------------------------------------------------


def build_search(manual: Manual, notices: Sequence[Notice] = ()) -> tuple[SearchEntry, ...]:
    """Matters, roles and grids (by name, code, community and address), for the site's search.

    Keywords are what a reader types: names and descriptions, and a grid's code
    (printed on its notice sheet), never a role's or matter's internal id."""
    entries: list[SearchEntry] = []
    for category in manual.categories:
        for m in category.matters:
            entries.append(
                SearchEntry(
                    "matter",
                    m.name,
                    f"{category.name} · {m.handling_tier}",
                    m.description,
                    f"manual.html#{m.anchor}",
                )
            )
    for r in manual.roles:
        entries.append(SearchEntry("role", r.name, r.tier, r.description, r.href))
    for n in notices:
        where = " › ".join(n.path[-2:])
        entries.append(
            SearchEntry(
                "grid",
                n.name,
                f"{n.id} · {where}" if where else n.id,
                f"{n.id} {' '.join(n.path)} {n.boundary}",
                n.href,
            )
        )
    return tuple(entries)
