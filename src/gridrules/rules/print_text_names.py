"""Text meant for print names no internal id, file name or path.

Descriptions, reasons, notes and prohibitions are printed in the handbook a
grid office hands out and posts. An id ("work_safety_supervision"), a file
name ("admission.yaml") or a path ("scripts/…") means nothing to a reader:
write the name instead ("安全生产监管", "事项准入清单"). The renderer replaces
an id it knows by its name, but a file name or path stays as written.

印发的手册会印出说明、理由、备注和负面清单文字：其中不要写内部编号（如
work_safety_supervision）、文件名（如 admission.yaml）或路径（如 scripts/），
请写名称（如“安全生产监管”“事项准入清单”）。
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gridrules.model import Policy
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import listed, problem_at

_MATTERS = """\
kind: matters
version: 1
categories:
  - id: public_order
    name: 社会治安类
  - id: livelihood
    name: 民生服务类
  - id: excluded_work
    name: 不得下沉事项
matters:
  - id: neighbour_dispute
    name: 邻里纠纷
    category: public_order
    handling_tier: grid
    time_limits: {report_within: 2h, close_within: 3d}
  - id: elderly_visit
    name: 独居老人走访
    category: livelihood
    handling_tier: grid
  - id: rental_safety
    name: 出租房安全隐患
    category: public_order
    handling_tier: community
  - id: investment_promotion
    name: 招商引资任务
    category: excluded_work
    handling_tier: street
    description: {text}
"""

EXAMPLES = Examples.of(
    "matters.yaml",
    _MATTERS.replace("{text}", "列入目录是为了明确拒绝，见排除清单。"),
    _MATTERS.replace(
        "{text}", "列入目录是为了明确拒绝，见 admission.yaml 的 investment_promotion。"
    ),
)
RULE = Rule("GR810", "print-text-internal-name", Level.WARNING, __doc__, EXAMPLES)

FILE_NAME = re.compile(r"[A-Za-z0-9_.-]+\.(?:ya?ml|csv|py|json)\b|\b(?:scripts|policies)/\S*")


def _ids(policy: Policy) -> re.Pattern[str] | None:
    j = policy.jurisdiction
    ids = {j.id, *j.parents}
    for group in (policy.tiers, policy.roles, policy.categories, policy.matters):
        ids.update(x.id for x in group)
    # only ids a reader could not take for a word: with '_' or '-', or a parent's id
    plain = {i for i in ids if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", i)}
    wanted = sorted(
        {i for i in plain if re.search(r"[_-]", i)} | ({j.id, *j.parents} & plain),
        key=len,
        reverse=True,
    )
    if not wanted:
        return None
    return re.compile(
        r"(?<![A-Za-z0-9_./#-])(" + "|".join(map(re.escape, wanted)) + r")(?![A-Za-z0-9_-])"
    )


def _texts(policy: Policy) -> Iterator[tuple[Any, str, str]]:
    """(item with an origin, field, text) for every text the handbook prints."""
    j = policy.jurisdiction
    yield j, "description", j.description
    for group in (policy.tiers, policy.roles, policy.categories, policy.matters):
        for x in group:
            yield x, "description", x.description
    for t in policy.tiers:
        if t.sizing is not None:
            yield t, "sizing.note", t.sizing.note
    for resp in policy.responsibilities:
        for g in resp.duties:
            yield g, "description", g.description
    for a in policy.admissions:
        yield a, "note", a.note
    for e in policy.exclusions:
        yield e, "reason", e.reason
    for p in policy.prohibitions:
        yield p, "text", p.text
    for s in policy.party.supervision:
        yield s, "description", s.description
    if policy.emergency is not None:
        for plan in policy.emergency.plans:
            yield plan, "description", plan.description


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    ids = _ids(ctx.policy)
    seen: set[tuple[int, str]] = set()
    for item, key, text in _texts(ctx.policy):
        if not text or (id(item), key) in seen:
            continue
        seen.add((id(item), key))
        found = [m.group() for m in FILE_NAME.finditer(text)]
        if ids is not None:
            found += [m.group(1) for m in ids.finditer(text)]
        if not found:
            continue
        yield problem_at(
            RULE,
            item.origin,
            *key.split("."),
            value=text,
            field=key,
            names=listed(dict.fromkeys(found)),
        )
