"""An id may be defined only once within one jurisdiction folder.

Within one folder (a file or several files of the same kind), each tier, role,
category, matter, admission list, department, escalation level, warning
level, party organisation, emergency plan, emergency grant and duty schedule id is defined
once; a role has one
responsibility list and each duty id once within it; a matter is admitted once
and a (tier, role) pair has one supervision entry; grid codes in the registry and worker
ids in the roster are unique. When building the policy the first definition
stands and later ones are silently ignored, so a copy-pasted block that kept
its id would vanish without this rule. The same id in a jurisdiction and in
the jurisdiction it extends is not a duplicate: it deliberately overrides the
parent's definition.

同一辖区文件夹内，层级、角色、类别、事项、清单、部门、处置层级、预警级别、党组织、应急预案、应急授权、例行工作的标识
不得重复；同一角色只能有一份职责清单，其中职责标识不重复；同一事项只准入一次；同一层级与角色只有
一条督导；台账网格编码与名册人员编号唯一。构建时只保留第一个定义，后面的会被悄悄忽略。
下级辖区使用与上级相同的标识是有意覆盖，不算重复。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.loader import Layer
from gridrules.problems import Level, Location, Problem, Text, json_path
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.example_snippets import admission_yaml, admitted_row

RULE = Rule(
    "GR202",
    "duplicate-id",
    Level.ERROR,
    Text("标识在同一辖区内重复", "id defined twice in one jurisdiction"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"admission.yaml": admission_yaml(admitted_row("rental_safety"))},
        failing={
            "admission.yaml": admission_yaml(
                admitted_row("rental_safety"),
                '  - {matter: elderly_visit, approved_by: 街道办, basis: 街道通知, effective: "2025-03-01"}\n',
            )
        },
    ),
)

# (document kind, list key, id field, what it is)
DEFINITIONS: tuple[tuple[str, str, str, Text], ...] = (
    ("tiers", "tiers", "id", Text("层级", "tier")),
    ("roles", "roles", "id", Text("角色", "role")),
    ("matters", "categories", "id", Text("事项类别", "category")),
    ("matters", "matters", "id", Text("事项", "matter")),
    (
        "responsibilities",
        "responsibilities",
        "role",
        Text("职责清单的角色", "responsibility list of role"),
    ),
    ("admission", "lists", "id", Text("准入清单", "admission list")),
    ("admission", "admitted", "matter", Text("准入事项", "admission of matter")),
    ("admission", "prohibitions", "id", Text("工作方法负面清单", "work-method prohibition")),
    ("escalation", "levels", "id", Text("处置层级", "escalation level")),
    ("escalation", "departments", "id", Text("部门", "department")),
    ("escalation", "warnings", "id", Text("预警级别", "warning level")),
    ("party", "organisations", "id", Text("党组织", "party organisation")),
    ("party", "cross_appointment", "id", Text("交叉任职要求", "cross-appointment")),
    ("registers", "veto", "id", Text("一票否决事项", "one-vote-veto item")),
    ("registers", "pushed_down", "id", Text("挂账记录", "register entry")),
    ("emergency", "plans", "id", Text("应急预案", "emergency plan")),
    ("emergency", "grants", "id", Text("应急授权", "emergency grant")),
    ("schedules", "schedules", "id", Text("例行工作", "duty schedule")),
    (
        "party",
        "supervision",
        "tier+role",
        Text("督导关系（层级+角色）", "supervision link (tier+role)"),
    ),
)
ROWS: tuple[tuple[str, Text], ...] = (
    ("grids", Text("网格编码", "grid code")),
    ("roster", Text("人员编号", "worker id")),
)

_DROPPED = Text(
    "改名或删除其中一个：构建时只保留第一个，后面的会被忽略",
    "rename or remove one: only the first is kept, later ones are ignored",
)


def _problem(
    label: Text, value: Any, here: Location, path: str, first: Location, hint: Text
) -> Problem:
    return RULE.problem(
        here,
        Text(
            f"{label.zh} 重复出现（首次在 {first}）", f"{label.en} appears twice (first at {first})"
        ),
        value=value,
        hint=hint,
        path=path,
    )


def _label(what: Text, value: Any) -> Text:
    return Text(f"{what.zh} “{value}”", f"{what.en} '{value}'")


def _definitions(layer: Layer) -> Iterator[Problem]:
    for kind, key, field, what in DEFINITIONS:
        fields = field.split("+")  # "tier+role": the pair is the identity
        seen: dict[Any, Location] = {}
        for doc in layer.all(kind):
            for i, item in enumerate(doc.data.get(key) or []):
                if not isinstance(item, dict) or any(f not in item for f in fields):
                    continue
                value = "+".join(str(item[f]) for f in fields)
                path = (key, i, fields[-1])
                here = doc.source.locate(path)
                if value in seen:
                    yield _problem(
                        _label(what, value), value, here, json_path(path), seen[value], _DROPPED
                    )
                else:
                    seen[value] = here
                if kind == "responsibilities":
                    yield from _duties(doc.source, i, item)


def _duties(source: Any, i: int, item: dict[str, Any]) -> Iterator[Problem]:
    seen: dict[Any, Location] = {}
    for j, duty in enumerate(item.get("duties") or []):
        if not isinstance(duty, dict) or "id" not in duty:
            continue
        path = ("responsibilities", i, "duties", j, "id")
        here = source.locate(path)
        label = Text(
            f"角色 {item.get('role')} 的职责 “{duty['id']}”",
            f"duty '{duty['id']}' of role '{item.get('role')}'",
        )
        if duty["id"] in seen:
            yield _problem(label, duty["id"], here, json_path(path), seen[duty["id"]], _DROPPED)
        else:
            seen[duty["id"]] = here


def _rows(layer: Layer) -> Iterator[Problem]:
    for kind, what in ROWS:
        seen: dict[str, Any] = {}  # id → origin of its first row; O(n) on any registry
        for doc in layer.all(kind):
            for row in doc.rows:
                value = str(row.data.get("id", ""))
                first = seen.get(value)
                if first is None:
                    seen[value] = row.origin
                    continue
                yield _problem(
                    _label(what, value),
                    value,
                    row.origin.at("id"),
                    json_path((*row.origin.path, "id")),
                    first.at("id"),
                    Text("每个编码只能出现一次：改正其中一行", "codes are unique: correct one row"),
                )


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for layer in ctx.layers:
        yield from _definitions(layer)
    # registries and rosters are never inherited: only the jurisdiction's own count
    yield from _rows(ctx.layers[-1])
