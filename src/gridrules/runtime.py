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

CHECKLIST: tuple[tuple[str, str, str], ...] = (
    # (key, English, Chinese)
    (
        "unknown_role",
        "Refuse the whole request (deny, reason unknown_role) when the principal holds any "
        "role not listed in `roles`; do not ask Casbin for the roles it does know.",
        "人员持有任一未在 roles 中列出的角色时，整个请求拒绝（unknown_role），不要再为其已知角色询问 Casbin。",
    ),
    (
        "constraints",
        "Drop each role whose `constraints` the principal does not meet: a constraint applies "
        "when its `area` is null or equals the area of the principal's assigned grid, and is "
        "met when the principal's attribute equals `must_be` (a missing attribute is not met).",
        "逐个角色检查 constraints：area 为空或与人员所在网格的城乡属性相同时适用，人员属性须等于 "
        "must_be（未记录视为不满足）；不满足的角色不参与判定。",
    ),
    (
        "unknown_ids",
        "Deny an action not in `actions`, a matter not in `matters`, and an emergency plan not in "
        "`plans`. Grids are not checked here: the model denies a target or assigned grid that "
        "is not in the registry by itself (g2 to `root`).",
        "动作不在 actions、事项不在 matters、预案不在 plans 中时拒绝。网格无需自行检查：模型本身拒绝"
        "不在台账中的目标网格和所在网格。",
    ),
    (
        "names",
        'Name things as the model does: matter → "matter:"+id, grid and assigned grid → '
        '"grid:"+code; ids and codes are plain (letters, digits, _ . -), never quoted.',
        '按模型命名：事项为 "matter:"+标识，网格与所在网格为 "grid:"+编码；标识与编码只含字母、'
        "数字和 _ . -，无需引号。",
    ),
    (
        "epoch",
        "Epoch i is the number of `epochs.cuts` dates on or before the request's local date. "
        'Normal mode asks "epoch:"+i; emergency mode asks "epoch:"+i+":"+plan, or '
        '"epoch:"+i+":*" when no plan is named.',
        '日期分段 i 为 epochs.cuts 中不晚于请求当地日期的日期个数。平时模式用 "epoch:"+i；应急模式'
        '用 "epoch:"+i+":"+预案，未指明预案时用 "epoch:"+i+":*"。',
    ),
    (
        "mode",
        'Mode is exactly "normal" or "emergency"; anything else is refused.',
        '模式只能是 "normal" 或 "emergency"，其他一律拒绝。',
    ),
    (
        "per_role",
        "Ask once per remaining role, with (role, action, matter, grid, assigned grid, mode, "
        "epoch); allow if any role is allowed, else deny.",
        "对剩下的每个角色各问一次（角色、动作、事项、网格、所在网格、模式、分段）；任一角色允许即允许，否则拒绝。",
    ),
    (
        "hops",
        "Keep the runtime's role-graph depth (maxHierarchyLevel) at least `casbin.needed_hops`; "
        "the default of 10 suffices whenever validation passed (rule GR901).",
        "运行时的角色链深度上限（maxHierarchyLevel）不得小于 casbin.needed_hops；校验通过（规则 GR901）"
        "时默认的 10 足够。",
    ),
    (
        "reload",
        "Load model.conf, policy.csv and runtime.json of one export together; never mix files "
        "of two exports.",
        "model.conf、policy.csv 与 runtime.json 须来自同一次导出，一起加载，不可混用。",
    ),
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
