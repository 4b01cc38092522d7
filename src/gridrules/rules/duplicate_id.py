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

from gridrules.kinds import Definition, documents
from gridrules.loader import Layer
from gridrules.problems import Level, Location, Problem, Text, json_path
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.example_snippets import admission_yaml, admitted_row

_ELDERLY = (
    '  - {matter: elderly_visit, approved_by: 街道办, basis: 街道通知, effective: "2025-03-01"}\n'
)
EXAMPLES = Examples.of(
    "admission.yaml",
    admission_yaml(admitted_row("rental_safety")),
    admission_yaml(admitted_row("rental_safety"), _ELDERLY),
)
RULE = Rule("GR202", "duplicate-id", Level.ERROR, __doc__, EXAMPLES)


def _problem(
    label: Text, value: Any, here: Location, path: str, first: Location, hint: str = "hint"
) -> Problem:
    message = RULE.text("message", label=label, first=first)
    return RULE.problem(here, message, value=value, hint=RULE.text(hint), path=path)


def _definitions(layer: Layer) -> Iterator[Problem]:
    for kind, definition in ((k.name, x) for k in documents() for x in k.definitions):
        key, what = definition.key, definition.what
        fields = definition.field.split("+")  # "tier+role": the pair is the identity
        seen: dict[Any, Location] = {}
        for doc in layer.all(kind):
            for i, item in enumerate(doc.data.get(key) or []):
                if not isinstance(item, dict) or any(f not in item for f in fields):
                    continue
                value = "+".join(str(item[f]) for f in fields)
                path = (key, i, fields[-1])
                here = doc.source.locate(path)
                if value in seen:
                    label = RULE.text("label", what=what, id=value)
                    yield _problem(label, value, here, json_path(path), seen[value])
                else:
                    seen[value] = here
                if definition.nested is not None:
                    yield from _duties(doc.source, definition, i, item)


def _duties(source: Any, definition: Definition, i: int, item: dict[str, Any]) -> Iterator[Problem]:
    """The duties of one responsibility list (the `nested` list of its definition)."""
    seen: dict[Any, Location] = {}
    assert definition.nested is not None
    for j, duty in enumerate(item.get(definition.nested) or []):
        if not isinstance(duty, dict) or "id" not in duty:
            continue
        path = (definition.key, i, definition.nested, j, "id")
        here = source.locate(path)
        if duty["id"] in seen:
            label = RULE.text("duty", role=item.get("role"), duty=duty["id"])
            yield _problem(label, duty["id"], here, json_path(path), seen[duty["id"]])
        else:
            seen[duty["id"]] = here


def _rows(layer: Layer) -> Iterator[Problem]:
    for kind, what in ((k.name, k.rows.what) for k in documents() if k.rows is not None):
        seen: dict[str, Any] = {}  # id → origin of its first row; O(n) on any registry
        for doc in layer.all(kind):
            for row in doc.rows:
                value = str(row.data.get("id", ""))
                first = seen.get(value)
                if first is None:
                    seen[value] = row.origin
                    continue
                label = RULE.text("label", what=what, id=value)
                path = json_path((*row.origin.path, "id"))
                yield _problem(label, value, row.origin.at("id"), path, first.at("id"), "hint_row")


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for layer in ctx.layers:
        yield from _definitions(layer)
    # registries and rosters are never inherited: only the jurisdiction's own count
    yield from _rows(ctx.layers[-1])
