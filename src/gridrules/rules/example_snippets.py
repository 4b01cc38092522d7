"""YAML snippets shared by the rules' examples (laid over rules/example_base/).

Each function returns a whole file's text; its arguments vary the one or two
lines a rule's example is about. The text must stay as it was: it is shown in
`gridrules rules CODE` and in docs/rules.md.
"""

from __future__ import annotations

_GRID_NAMES = ("第一网格", "第二网格")


def grid_row(
    n: int,
    extra: str = "",
    *,
    households: int | None = None,
    name: str | None = None,
    parent: str = "S01C01",
) -> str:
    """One flow-style registry row for grid S01C01G0n of the example community."""
    if households is None:
        households = (420, 380)[n - 1]
    label = name if name is not None else _GRID_NAMES[n - 1]
    return (
        f'{{id: "S01C01G{n:02d}", name: {label}, tier: grid, parent: "{parent}", '
        f"households: {households}{extra}}}"
    )


def grids_yaml(*rows: str, community: str = "") -> str:
    """grids.yaml: the example street and community, then `rows` (one grid a row)."""
    head = (
        "kind: grids\nversion: 1\ngrids:\n"
        '  - {id: "S01", name: 示例街道, tier: street, parent: null}\n'
        f'  - {{id: "S01C01", name: 锦官驿社区, tier: community, parent: "S01"{community}}}\n'
    )
    return head + "".join(f"  - {row}\n" if not row.startswith("  ") else row for row in rows)


def party_yaml(
    branch: str | None = "", *, community: str = "", tail: str = "", grid_supervisor: bool = True
) -> str:
    """party.yaml: a community committee and grid branches (none if `branch` is None)."""
    supervisor = "  - {tier: grid, role: grid_party_member}\n" if grid_supervisor else ""
    grid_branch = (
        ""
        if branch is None
        else f"  - {{id: grid_branch, name: 网格党支部, attaches_to: grid{branch}}}\n"
    )
    return (
        "kind: party\nversion: 1\norganisations:\n"
        f"  - {{id: community_committee, name: 社区党委, attaches_to: community{community}}}\n"
        f"{grid_branch}supervision:\n  - {{tier: community, role: street_cadre}}\n"
        f"{supervisor}{tail}"
    )


_APPROVED = 'approved_by: 区委社治委, basis: 示社治发〔2024〕1号, effective: "2024-01-01"'


def admitted_row(matter: str) -> str:
    """One flow-style admission entry approved by the district in 2024."""
    return f"  - {{matter: {matter}, {_APPROVED}}}\n"


def admission_yaml(*entries: str, excluded: bool = True) -> str:
    """admission.yaml: neighbour disputes and elderly visits admitted, then `entries`."""
    text = (
        "kind: admission\nversion: 1\nadmitted:\n"
        + admitted_row("neighbour_dispute")
        + admitted_row("elderly_visit")
        + "".join(entries)
    )
    if excluded:
        text += "excluded:\n  - {matter: investment_promotion, reason: 村（社区）不得承担招商引资任务}\n"
    return text


def roster_yaml(*rows: str) -> str:
    """roster.yaml with the given worker rows (flow style, without the leading dash)."""
    return "kind: roster\nversion: 1\nworkers:\n" + "".join(f"  - {row}\n" for row in rows)


def worker_row(n: int, extra: str = "", *, grid: str | None = None, roles: str = "") -> str:
    """Worker W00n of the example roster: two full-time workers and a community leader."""
    name, role, home = (
        ("张晓燕", "full_time_worker", "S01C01G01"),
        ("李建国", "full_time_worker", "S01C01G02"),
        ("王丽", "community_leader", "S01C01"),
    )[n - 1]
    return f'{{id: W00{n}, name: {name}, roles: [{roles or role}], grid: "{grid or home}"{extra}}}'


LEADER = worker_row(3, ", two_committees: true")


def phoned_roster(*rows: str) -> str:
    """roster.yaml: the two full-time workers with their phones, then `rows`."""
    return roster_yaml(
        worker_row(1, ', phone: "13800000001"'), worker_row(2, ', phone: "13800000002"'), *rows
    )


def tiers_yaml(grid: str, *, community_parent: str = "street") -> str:
    """tiers.yaml: street, community, and a grid tier whose further keys are `grid`."""
    return (
        "kind: tiers\nversion: 1\ntiers:\n"
        "  - {id: street, name: 街道, parent: null, is_grid: false, admin_level: street}\n"
        f"  - {{id: community, name: 社区总网格, parent: {community_parent}, is_grid: true, "
        "admin_level: community}\n"
        "  - id: grid\n    name: 一般网格\n    parent: community\n    is_grid: true\n" + grid
    )


def jurisdiction_yaml(settings: str) -> str:
    """jurisdiction.yaml of the example street with the given `settings:` block."""
    return (
        "kind: jurisdiction\nversion: 1\nid: example\nname: 示例街道\nlevel: street\n"
        "character: urban\n" + settings
    )


TIMED_LEVELS = (
    "  - {id: grid, name: 网格, tier: grid, handlers: [full_time_worker], time_limit: 1d}\n"
    "  - {id: community_centre, name: 社区网格服务站, tier: community, "
    "handlers: [community_leader], time_limit: 3d}\n"
    "  - {id: street_centre, name: 街道网格化服务管理中心, tier: street, time_limit: 7d}\n"
)


def escalation_yaml(tail: str, levels: str = TIMED_LEVELS) -> str:
    """escalation.yaml: the three timed levels (grid, community, street), then `tail`."""
    return "kind: escalation\nversion: 1\nlevels:\n" + levels + tail


def responsibilities_yaml(patrol: str, leader: str, tail: str = "") -> str:
    """responsibilities.yaml: full-time workers patrol, the community leader dispatches."""
    return (
        "kind: responsibilities\nversion: 1\nresponsibilities:\n"
        "  - role: full_time_worker\n    duties:\n"
        f"      - {{id: patrol, name: 巡查上报, actions: [{patrol}], "
        "matters: [neighbour_dispute, elderly_visit]}\n"
        "      - {id: hazards, name: 隐患排查, actions: [report], matters: [rental_safety]}\n"
        "  - role: community_leader\n    duties:\n"
        "      - {id: dispatch, name: 分流交办, actions: [handle, dispatch], "
        f"categories: [{leader}]}}\n" + tail
    )


def temporary_admission(basis: str, effective: str, expires: str | None) -> str:
    """admission.yaml with rental safety admitted temporarily, until `expires` (None: no date)."""
    until = f'    expires: "{expires}"\n' if expires is not None else ""
    return admission_yaml(rental_block(basis, effective, f"{until}    temporary: true\n"))


def rental_block(basis: str, effective: str, rest: str) -> str:
    """A block-style admission of rental safety; `rest` holds its further keys."""
    return (
        "  - matter: rental_safety\n    approved_by: 区委社治委\n"
        f'    basis: {basis}\n    effective: "{effective}"\n{rest}'
    )
