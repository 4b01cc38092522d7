"""What a downstream Casbin app needs besides model.conf and policy.csv, as data.

`gridrules export --casbin DIR --format json` writes DIR/runtime.json from
`runtime_data`: the epoch cut dates, the emergency plans, the role-graph depth
the policy needs against the runtime's limit, the roles with their
constraints, the request layout, and the checklist an app must follow so that
it answers as `Engine.check` does (docs/decisions.md, "Other runtimes").
The node-casbin differential test (tests/hostile/test_node_casbin.py) drives a
stock node-casbin only from these three files.
"""

from __future__ import annotations

from typing import Any

from gridrules.catalogue import section
from gridrules.compile import (
    ANY_PLAN,
    CASBIN_MAX_HOPS,
    POLICY_FIELDS,
    REQUEST_FIELDS,
    CasbinArtifacts,
    emergency_plans,
)
from gridrules.model import ACTIONS, Policy

FORMAT = "gridrules-casbin-runtime"
VERSION = 1

CHECKLIST: tuple[tuple[str, str, str], ...] = tuple(
    # (key, English, Chinese), in the catalogue's order
    (key, entry["en"], entry["zh"])
    for key, entry in section("core.runtime.checklist").items()
)


def graph_hops(rows: tuple[tuple[str, ...], ...]) -> dict[str, int]:
    """Per role graph (g, g2, g3), the longest chain of links a test may follow."""
    graphs: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        if row[0].startswith("g"):
            graphs.setdefault(row[0], {}).setdefault(row[1], []).append(row[2])
    out: dict[str, int] = {}
    for key, edges in graphs.items():
        memo: dict[str, int] = {}
        for start in edges:
            stack = [start]
            while stack:
                node = stack[-1]
                if node in memo:
                    stack.pop()
                    continue
                pending = [n for n in edges.get(node, ()) if n not in memo and n not in stack]
                if pending:
                    stack.extend(pending)
                    continue
                memo[node] = 1 + max((memo.get(n, 0) for n in edges.get(node, ())), default=0)
                stack.pop()
        out[key] = max((memo[s] - 1 for s in edges), default=0)
    return out


def runtime_data(policy: Policy, artifacts: CasbinArtifacts) -> dict[str, Any]:
    hops = graph_hops(artifacts.rows)
    needed = max(hops.values(), default=0)
    return {
        "format": FORMAT,
        "version": VERSION,
        "jurisdiction": policy.jurisdiction.id,
        "root": artifacts.root,
        "request": list(REQUEST_FIELDS),
        "policy": list(POLICY_FIELDS),
        "modes": ["normal", "emergency"],
        "epochs": {
            "cuts": [d.isoformat() for d in artifacts.epochs],
            "count": len(artifacts.epochs) + 1,
            "name": {"normal": "epoch:{i}", "emergency": "epoch:{i}:{plan}", "any_plan": ANY_PLAN},
        },
        "plans": sorted(emergency_plans(policy)),
        "actions": list(ACTIONS),
        "matters": [m.id for m in policy.matters],
        "roles": {
            role.id: {
                "tier": role.tier,
                "scope": role.scope.value,
                "constraints": [
                    {
                        "id": c.id,
                        "attribute": c.attribute,
                        "must_be": c.must_be,
                        "area": c.area.value if c.area is not None else None,
                    }
                    for c in role.constraints
                ],
            }
            for role in policy.roles
        },
        "casbin": {
            "max_hops": CASBIN_MAX_HOPS,
            "needed_hops": needed,
            "hops": hops,
            "fits_default": needed <= CASBIN_MAX_HOPS,
        },
        "checklist": [{"key": k, "en": en, "zh": zh} for k, en, zh in CHECKLIST],
    }


__all__ = ["CHECKLIST", "graph_hops", "runtime_data"]
