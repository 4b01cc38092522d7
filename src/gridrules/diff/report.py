"""Formatters over a `DiffReport`: text (zh/en), Markdown (a review comment) and JSON.

JSON is language-neutral (ids, codes, both names) and versioned by its
`schema` field; its shape is documented in docs/diff.md and checked against
gridrules/diff/report.schema.json by the tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from gridrules.diff.compare import DiffReport
from gridrules.diff.flags import Flag
from gridrules.diff.impact import PageChange, Reach
from gridrules.diff.model_diff import FieldChange, describe_value
from gridrules.diff.permissions import PermissionChange
from gridrules.messages import ACTION_NAMES, SCOPE_NAMES

SCHEMA = "gridrules-diff/1"
ROW_LIMIT = 100  # rows per table in text and Markdown (JSON lists everything)
LIST_LIMIT = 20  # ids listed inline (pages, registry)


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _n(value: int) -> str:
    return f"{value:,}"


# --- words ------------------------------------------------------------------

_CHANGE = {
    "gained": ("获得", "gained"),
    "lost": ("失去", "lost"),
    "widened": ("范围扩大", "scope widened"),
    "narrowed": ("范围缩小", "scope narrowed"),
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
    "changed": ("修改", "changed"),
}
_MODE = {
    "both": ("常态+应急", "normal + emergency"),
    "normal": ("仅常态", "normal only"),
    "emergency": ("仅应急", "emergency only"),
}
_GAIN_CAUSE = {
    "no_grant": ("新增授权", "new grant"),
    "not_admitted": ("事项新准入", "matter now admitted"),
    "expired": ("事项重新准入", "matter admitted again"),
    "excluded": ("移出排除清单", "taken off the excluded list"),
    "tier_too_low": ("层级现已满足", "tier now fits"),
}
_LOSS_CAUSE = {
    "no_grant": ("授权取消", "grant removed"),
    "not_admitted": ("事项未准入", "matter not admitted"),
    "expired": ("准入已到期", "admission expired"),
    "excluded": ("列入排除清单", "matter excluded"),
    "tier_too_low": ("层级低于处置层级", "tier below handling tier"),
}
_STATUS = {
    "not_admitted": ("未准入", "not admitted"),
    "expired": ("准入已到期", "admission expired"),
    "excluded": ("已列入排除清单", "excluded"),
    "no_grant": ("无人获授权", "nobody granted"),
    "tier_too_low": ("层级低于处置层级", "role tier below the handling tier"),
}
_NOT_ADMITTED = {
    "not_admitted": ("未列入准入清单", "not on the admission list"),
    "expired": ("准入已到期", "no longer admitted (its admission expired)"),
    "excluded": ("在排除清单中", "on the excluded list"),
}
_FLAG_TITLE = {
    "admission_without_approval": ("准入缺少审批机关或依据", "admission without approval"),
    "temporary_without_expiry": ("临时准入没有到期日期", "temporary admission without expiry"),
    "excluded_still_granted": ("排除事项仍有授权", "excluded matter still granted"),
    "grant_not_admitted": ("授权未准入事项", "grant on a matter not admitted"),
}
_KIND = {
    "jurisdiction": ("辖区", "jurisdiction"),
    "tier": ("层级", "tier"),
    "role": ("角色", "role"),
    "category": ("事项类别", "category"),
    "matter": ("事项", "matter"),
    "duty": ("职责", "duty"),
    "admission_list": ("准入清单", "admission list"),
    "admission": ("准入", "admission"),
    "exclusion": ("排除", "exclusion"),
    "prohibition": ("工作方法负面清单", "work-method prohibition"),
    "escalation": ("流转", "escalation"),
    "escalation_level": ("处置层级", "escalation level"),
    "department": ("部门", "department"),
    "routing": ("派单规则", "routing"),
    "loop_step": ("闭环步骤", "loop step"),
    "warning_level": ("预警等级", "warning level"),
    "party_organisation": ("党组织", "party organisation"),
    "supervision": ("党建督导", "supervision"),
    "party_coverage": ("党建覆盖", "party coverage"),
    "emergency": ("应急状态", "emergency overlay"),
    "plan": ("应急预案", "emergency plan"),
    "procedure": ("应急规程", "emergency procedure"),
    "emergency_grant": ("应急授权", "emergency grant"),
}
_PAGE_KIND = {
    "manual": ("操作手册", "manual"),
    "card": ("岗位职责卡", "duty cards"),
    "checklist": ("巡查清单", "checklists"),
    "notice": ("网格公示牌", "notice sheets"),
}


def _w(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    pair = table.get(key)
    return key if pair is None else pair[0 if lang == "zh" else 1]


def action_word(action: str, lang: str) -> str:
    return _w(ACTION_NAMES, action, lang)


def scope_word(scope: str | None, lang: str) -> str:
    return "—" if scope is None else _w(SCOPE_NAMES, scope, lang)


def cause_word(change: PermissionChange, lang: str) -> str:
    if change.cause == "scope":
        return f"{scope_word(change.old_scope, lang)} → {scope_word(change.new_scope, lang)}"
    table = _GAIN_CAUSE if change.widening else _LOSS_CAUSE
    return _w(table, change.cause, lang)


def flag_message(report: DiffReport, flag: Flag, lang: str) -> str:
    matter = report.label("matter", flag.matter, lang)
    roles = _t(lang, "、", ", ").join(report.label("role", r, lang) for r in flag.roles)
    if flag.code == "admission_without_approval":
        missing = [
            _t(lang, "审批机关", "approving body")
            if f == "approved_by"
            else _t(lang, "依据文件", "basis document")
            for f in flag.detail
        ]
        return _t(
            lang,
            f"准入事项“{matter}”缺少{'和'.join(missing)}",
            f"admission of '{matter}' has no {' and no '.join(missing)}",
        )
    if flag.code == "temporary_without_expiry":
        return _t(
            lang,
            f"临时准入事项“{matter}”没有到期日期，会一直有效",
            f"temporary admission of '{matter}' has no expiry date: it never lapses",
        )
    if flag.code == "excluded_still_granted":
        allowed = _t(lang, "、", ", ").join(report.label("role", r, lang) for r in flag.detail)
        tail = (
            _t(
                lang,
                f"；{allowed}不受准入清单约束，仍可执行",
                f"; {allowed} (not bound by the admission list) still may",
            )
            if flag.detail
            else ""
        )
        return _t(
            lang,
            f"事项“{matter}”列入排除清单，但仍授权给：{roles}{tail}",
            f"'{matter}' moved onto the excluded list but is still granted to {roles}{tail}",
        )
    status = _w(_NOT_ADMITTED, flag.detail[0] if flag.detail else "not_admitted", lang)
    return _t(
        lang,
        f"新增授权把“{matter}”交给网格角色 {roles}，但该事项在 {report.at.isoformat()} {status}",
        f"a new grant gives grid role(s) {roles} '{matter}', which on {report.at.isoformat()} "
        f"is {status}",
    )


def _reach_text(reach: Reach | None) -> tuple[str, str]:
    if reach is None or reach.basis == "none":
        return "—", "—"
    return _n(reach.grids), (_n(reach.people) if reach.basis == "roster" else "—")


# --- grouping -----------------------------------------------------------------


def permission_groups(report: DiffReport) -> list[tuple[PermissionChange, list[str]]]:
    """Changes that differ only by matter, as one row: (first change, matter ids)."""
    groups: dict[tuple[str, ...], tuple[PermissionChange, list[str]]] = {}
    for c in report.permissions:
        key = (c.role, c.change, c.action, c.mode, c.cause, str(c.old_scope), str(c.new_scope))
        groups.setdefault(key, (c, []))[1].append(c.matter)
    return list(groups.values())


def route_groups(report: DiffReport) -> list[tuple[tuple[FieldChange, ...], list[str]]]:
    """Routes that change in exactly the same way, as one row: (field changes, matter ids)."""
    groups: dict[tuple[FieldChange, ...], list[str]] = {}
    for rc in report.routes:
        groups.setdefault(_hashable(rc.fields), []).append(rc.matter)
    return list(groups.items())


def _hashable(fields: tuple[FieldChange, ...]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(f.field, _freeze(f.old), _freeze(f.new)) for f in fields)


def _freeze(value: Any) -> Any:
    return tuple(_freeze(v) for v in value) if isinstance(value, list) else value


def _matter_list(
    report: DiffReport, matters: Sequence[str], lang: str, *, code: bool = False
) -> str:
    limit = 8
    shown = [
        f"{report.label('matter', m, lang)} " + (_code(m) if code else f"({m})")
        for m in matters[:limit]
    ]
    text = _t(lang, "、", ", ").join(shown)
    if len(matters) > limit:
        text += _t(lang, f" 等 {len(matters)} 项事项", f" and {len(matters) - limit} more matters")
    return text


def _limited(rows: Sequence[Any], limit: int = ROW_LIMIT) -> tuple[Sequence[Any], int]:
    return rows[:limit], max(0, len(rows) - limit)


def _more(lang: str, n: int) -> str:
    return _t(
        lang,
        f"……另有 {n} 项（完整列表见 --format json）",
        f"… and {n} more (--format json lists all)",
    )


def _summary_counts(report: DiffReport) -> dict[str, int]:
    counts = {"gained": 0, "lost": 0, "widened": 0, "narrowed": 0}
    for c in report.permissions:
        counts[c.change] += 1
    return counts


def headline(report: DiffReport, lang: str) -> str:
    """One sentence: does the change widen anything, and how far does it reach."""
    counts = _summary_counts(report)
    if not report.changed:
        return _t(lang, "两版政策没有差别", "no difference between the two policies")
    gains = counts["gained"] + counts["widened"]
    losses = counts["lost"] + counts["narrowed"]
    flags = len(report.flags)
    parts = []
    if gains:
        roles = len({c.role for c in report.permissions if c.widening})
        reach, where = report.touched, ""
        if reach.basis != "none":
            people = reach.basis == "roster"
            where = _t(
                lang,
                f"，涉及 {_n(reach.grids)} 个网格"
                + (f"、{_n(reach.people)} 名人员" if people else ""),
                f", touching {_n(reach.grids)} grids"
                + (f" and {_n(reach.people)} people" if people else ""),
            )
        parts.append(
            _t(
                lang,
                f"扩大权限：{roles} 个角色新增 {gains} 项权限{where}",
                f"widens permissions: {roles} role(s) gain {gains} permission(s){where}",
            )
        )
    else:
        parts.append(_t(lang, "未扩大任何权限", "no permission is widened"))
    if flags:
        parts.append(_t(lang, f"{flags} 项警示", f"{flags} flag(s) raised"))
    if losses:
        parts.append(_t(lang, f"{losses} 项权限收回", f"{losses} permission(s) lost or narrowed"))
    if report.unhandled:
        n = len(report.unhandled)
        parts.append(_t(lang, f"{n} 项事项无人处置", f"{n} matter(s) no role may handle"))
    return _t(lang, "；", "; ").join(parts)


# --- text -----------------------------------------------------------------------


def text(report: DiffReport, lang: str) -> str:
    r, out = report, []
    name = r.new.names.zh if lang == "zh" else (r.new.names.en or r.new.names.zh)
    out.append(
        _t(
            lang,
            f"gridrules diff：{name}（{r.new.jurisdiction}），准入按 {r.at.isoformat()} 判定",
            f"gridrules diff: {name} ({r.new.jurisdiction}), admissions as of {r.at.isoformat()}",
        )
    )
    out.append(_t(lang, "  旧版：", "  old: ") + f"{r.old.label} [{r.old.version}]")
    out.append(_t(lang, "  新版：", "  new: ") + f"{r.new.label} [{r.new.version}]")
    mark = "!" if r.widening or r.unhandled else ("~" if r.changed else "=")
    out.append(f"{mark} {headline(r, lang)}")

    if r.flags:
        out.append("")
        out.append(_t(lang, "警示：", "Flags:"))
        for f in r.flags:
            where = f" ({f.source})" if f.source else ""
            out.append(f"  ! {_w(_FLAG_TITLE, f.code, lang)}: {flag_message(r, f, lang)}{where}")
    if r.validation:
        out.append("")
        out.append(
            _t(
                lang,
                "新版新增的校验错误（照常比较）：",
                "New validation errors in the new side (diffed anyway):",
            )
        )
        out.extend(f"  ! {p.line(lang)}" for p in r.validation)
    if r.permissions:
        out.append("")
        out.append(_t(lang, "实际权限变化：", "Effective permission changes:"))
        groups, more = _limited(permission_groups(r))
        for c, matters in groups:
            sign = {"gained": "+", "lost": "-", "widened": "+", "narrowed": "-"}[c.change]
            grids, people = _reach_text(r.reach_for(c))
            names = _t(lang, "、", ", ").join(
                f"{r.label('matter', m, lang)} ({m})" for m in matters
            )
            out.append(
                f"  {sign} {r.label('role', c.role, lang)} ({c.role}) {_w(_CHANGE, c.change, lang)} "
                f"{action_word(c.action, lang)}: {names} [{_w(_MODE, c.mode, lang)}; "
                f"{cause_word(c, lang)}] — "
                + _t(lang, f"网格 {grids}，人员 {people}", f"grids {grids}, people {people}")
            )
        if more:
            out.append(f"  {_more(lang, more)}")
    if r.unhandled:
        out.append("")
        out.append(_t(lang, "无人处置的事项：", "Matters no role may handle:"))
        for u in r.unhandled:
            before = ", ".join(u.old_handlers) or _t(lang, "新事项", "new matter")
            emergency = (
                _t(
                    lang,
                    f"；应急状态下仍由 {', '.join(u.emergency_handlers)} 处置",
                    f"; in emergency mode still {', '.join(u.emergency_handlers)}",
                )
                if u.emergency_handlers
                else ""
            )
            out.append(
                f"  ! {r.label('matter', u.matter, lang)} ({u.matter}): {_w(_STATUS, u.reason, lang)}"
                + _t(lang, f"（此前：{before}）", f" (before: {before})")
                + emergency
            )
    if r.routes:
        out.append("")
        out.append(_t(lang, "流转路线变化：", "Route changes:"))
        rows, more = _limited(route_groups(r))
        for fields, matters in rows:
            changes = "; ".join(
                f"{f.field}: {describe_value(f.old)} → {describe_value(f.new)}" for f in fields
            )
            out.append(f"  ~ {_matter_list(r, matters, lang)}: {changes}")
        if more:
            out.append(f"  {_more(lang, more)}")
    if r.definitions:
        out.append("")
        out.append(_t(lang, "定义变化：", "Definition changes:"))
        rows, more = _limited(r.definitions)
        for d in rows:
            sign = {"added": "+", "removed": "-", "changed": "~"}[d.change]
            head = f"  {sign} {_w(_KIND, d.kind, lang)} {d.key}"
            if d.change != "changed":
                out.append(f"{head} {_w(_CHANGE, d.change, lang)}")
                continue
            changes = "; ".join(
                f"{f.field}: {describe_value(f.old)} → {describe_value(f.new)}" for f in d.fields
            )
            out.append(f"{head}: {changes}")
        if more:
            out.append(f"  {_more(lang, more)}")
    out.extend(_pages_text(r, lang))
    out.extend(_registry_text(r, lang))
    return "\n".join(out) + "\n"


def _pages_text(r: DiffReport, lang: str) -> list[str]:
    if r.pages is None:
        return ["", _t(lang, "手册页面：未比较", "Handbook pages: not compared")]
    if not r.pages:
        return []
    out = ["", _t(lang, "手册页面变化：", "Handbook page changes:")]
    for kind, pages in _pages_by_kind(r.pages):
        shown = ", ".join(_page_label(p, lang) for p in pages[:LIST_LIMIT])
        more = f" … (+{len(pages) - LIST_LIMIT})" if len(pages) > LIST_LIMIT else ""
        out.append(f"  ~ {_w(_PAGE_KIND, kind, lang)} ({len(pages)}): {shown}{more}")
    return out


def _pages_by_kind(pages: Iterable[PageChange]) -> list[tuple[str, list[PageChange]]]:
    grouped: dict[str, list[PageChange]] = {}
    for p in pages:
        grouped.setdefault(p.kind, []).append(p)
    return list(grouped.items())


def _page_label(p: PageChange, lang: str) -> str:
    tail = ""
    if p.change != "changed":
        tail = f" [{_w(_CHANGE, p.change, lang)}]"
    elif p.sections:
        tail = " [" + ", ".join(p.sections) + "]"
    if p.change == "changed" and len(p.langs) == 1:
        tail += f" ({p.langs[0]})"
    return p.page + tail


def _registry_text(r: DiffReport, lang: str) -> list[str]:
    changes = [c for c in r.registry if not c.empty]
    if not changes:
        return []
    out = ["", _t(lang, "网格台账与人员名册：", "Registry and roster:")]
    for c in changes:
        kind = _t(lang, "网格" if c.kind == "grids" else "人员", c.kind)
        out.append(
            f"  ~ {kind}: +{_n(len(c.added))} -{_n(len(c.removed))} ~{_n(len(c.changed))}"
            + _ids_tail(c.added, c.removed, c.changed)
        )
    return out


def _ids_tail(added: Sequence[str], removed: Sequence[str], changed: Sequence[str]) -> str:
    parts = (
        [f"+{i}" for i in added[:5]]
        + [f"-{i}" for i in removed[:5]]
        + [f"~{i}" for i in changed[:5]]
    )
    return (
        f" ({', '.join(parts)}{' …' if len(added) + len(removed) + len(changed) > len(parts) else ''})"
        if parts
        else ""
    )


# --- Markdown -------------------------------------------------------------------


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return out


def _code(value: str) -> str:
    return f"`{value}`" if value else ""


def markdown(report: DiffReport, lang: str) -> str:
    r = report
    name = r.new.names.zh if lang == "zh" else (r.new.names.en or r.new.names.zh)
    counts = _summary_counts(r)
    out = [f"## gridrules diff · {name} (`{r.new.jurisdiction}`)", ""]
    out.append(
        _t(
            lang,
            f"**旧版** `{r.old.label}` ({r.old.version}) → **新版** `{r.new.label}` ({r.new.version})；准入按 {r.at.isoformat()} 判定",
            f"**old** `{r.old.label}` ({r.old.version}) → **new** `{r.new.label}` ({r.new.version}); admissions as of {r.at.isoformat()}",
        )
    )
    out.append("")
    mark = "⚠️" if r.widening or r.unhandled else "✅"
    out.append(f"{mark} **{headline(r, lang)}**")
    out.append("")
    pages = "—" if r.pages is None else str(len(r.pages))
    out += _table(
        (_t(lang, "项目", "what"), _t(lang, "数量", "count")),
        [
            (_t(lang, "定义变化", "definitions changed"), str(len(r.definitions))),
            (
                _t(
                    lang, "权限 获得 / 失去 / 范围变化", "permissions gained / lost / scope changed"
                ),
                f"{counts['gained']} / {counts['lost']} / {counts['widened'] + counts['narrowed']}",
            ),
            (_t(lang, "无人处置的事项", "matters no role may handle"), str(len(r.unhandled))),
            (_t(lang, "流转路线变化", "routes changed"), str(len(r.routes))),
            (_t(lang, "警示", "flags"), str(len(r.flags))),
            (_t(lang, "手册页面变化", "handbook pages changed"), pages),
        ],
    )
    if r.flags or r.validation:
        out += ["", f"### ⚠️ {_t(lang, '警示', 'Flags')}", ""]
        for f in r.flags:
            where = f" — `{f.source}`" if f.source else ""
            out.append(
                f"- ⚠️ **{_w(_FLAG_TITLE, f.code, lang)}**: {flag_message(r, f, lang)}{where}"
            )
        for p in r.validation:
            out.append(f"- ⚠️ `{p.location}` {p.code} {p.rule}: {p.message(lang)}")
    out += ["", f"### {_t(lang, '实际权限变化', 'Effective permissions')}", ""]
    if not r.permissions:
        out.append(
            f"✅ {_t(lang, '没有角色获得或失去权限', 'no role gains or loses a permission')}"
        )
    else:
        groups, more = _limited(permission_groups(r))
        rows = []
        for c, matters in groups:
            grids, people = _reach_text(r.reach_for(c))
            rows.append(
                (
                    f"{'⚠️' if c.widening else '✅'} {_w(_CHANGE, c.change, lang)}",
                    f"{r.label('role', c.role, lang)} {_code(c.role)}",
                    action_word(c.action, lang),
                    _t(lang, "、", ", ").join(
                        f"{r.label('matter', m, lang)} {_code(m)}" for m in matters
                    ),
                    _w(_MODE, c.mode, lang),
                    cause_word(c, lang),
                    grids,
                    people,
                )
            )
        out += _table(
            (
                "",
                _t(lang, "角色", "role"),
                _t(lang, "动作", "action"),
                _t(lang, "事项", "matters"),
                _t(lang, "模式", "mode"),
                _t(lang, "原因", "cause"),
                _t(lang, "网格", "grids"),
                _t(lang, "人员", "people"),
            ),
            rows,
        )
        if more:
            out += ["", _more(lang, more)]
    if r.unhandled:
        out += ["", f"### ⚠️ {_t(lang, '无人处置的事项', 'Matters no role may handle')}", ""]
        out += _table(
            (
                _t(lang, "事项", "matter"),
                _t(lang, "原因", "why"),
                _t(lang, "此前处置角色", "handled before by"),
                _t(lang, "应急状态下", "in emergency mode"),
            ),
            [
                (
                    f"{r.label('matter', u.matter, lang)} {_code(u.matter)}",
                    _w(_STATUS, u.reason, lang),
                    ", ".join(_code(h) for h in u.old_handlers)
                    or _t(lang, "（新事项）", "(new matter)"),
                    ", ".join(_code(h) for h in u.emergency_handlers) or "—",
                )
                for u in r.unhandled
            ],
        )
    if r.routes:
        out += ["", f"### {_t(lang, '流转路线变化', 'Route changes')}", ""]
        rows_r = [
            (
                _matter_list(r, matters, lang, code=True),
                _code(f.field),
                describe_value(f.old),
                describe_value(f.new),
            )
            for fields, matters in route_groups(r)
            for f in fields
        ]
        shown, more = _limited(rows_r)
        out += _table(
            (
                _t(lang, "事项", "matter"),
                _t(lang, "项目", "field"),
                _t(lang, "原", "old"),
                _t(lang, "新", "new"),
            ),
            shown,
        )
        if more:
            out += ["", _more(lang, more)]
    if r.definitions:
        out += ["", f"### {_t(lang, '定义变化', 'Definitions')}", ""]
        rows_d: list[tuple[str, ...]] = []
        for d in r.definitions:
            mark = {"added": "➕", "removed": "➖", "changed": "✏️"}[d.change]
            head = (f"{mark} {_w(_CHANGE, d.change, lang)}", _w(_KIND, d.kind, lang), _code(d.key))
            if d.change != "changed":
                rows_d.append((*head, "", "", "", _code(d.source)))
                continue
            for fc in d.fields:
                rows_d.append(
                    (
                        *head,
                        _code(fc.field),
                        describe_value(fc.old),
                        describe_value(fc.new),
                        _code(d.source),
                    )
                )
        shown_d, more = _limited(rows_d)
        out += _table(
            (
                "",
                _t(lang, "类型", "kind"),
                "id",
                _t(lang, "字段", "field"),
                _t(lang, "原", "old"),
                _t(lang, "新", "new"),
                _t(lang, "位置", "where"),
            ),
            shown_d,
        )
        if more:
            out += ["", _more(lang, more)]
    out += ["", f"### {_t(lang, '手册页面', 'Handbook pages')}", ""]
    if r.pages is None:
        out.append(_t(lang, "未比较（--no-pages）", "not compared (--no-pages)"))
    elif not r.pages:
        out.append(f"✅ {_t(lang, '没有页面变化', 'no page changes')}")
    else:
        for kind, pages_k in _pages_by_kind(r.pages):
            shown_p = ", ".join(_code(_page_label(p, lang)) for p in pages_k[:LIST_LIMIT])
            tail = f" … (+{len(pages_k) - LIST_LIMIT})" if len(pages_k) > LIST_LIMIT else ""
            out.append(f"- **{_w(_PAGE_KIND, kind, lang)}** ({len(pages_k)}): {shown_p}{tail}")
    registry = [c for c in r.registry if not c.empty]
    if registry:
        out += ["", f"### {_t(lang, '网格台账与人员名册', 'Registry and roster')}", ""]
        for c in registry:
            kind = _t(lang, "网格" if c.kind == "grids" else "人员", c.kind)
            out.append(
                f"- {kind}: +{_n(len(c.added))} / -{_n(len(c.removed))} / ~{_n(len(c.changed))}"
                + _ids_tail(c.added, c.removed, c.changed)
            )
    return "\n".join(out) + "\n"


# --- JSON -------------------------------------------------------------------------


def _reach_json(reach: Reach | None) -> dict[str, Any] | None:
    if reach is None:
        return None
    return {"grids": reach.grids, "people": reach.people, "basis": reach.basis}


def as_dict(report: DiffReport) -> dict[str, Any]:
    r = report
    counts = _summary_counts(r)

    def side(info: Any) -> dict[str, Any]:
        return {
            "label": info.label,
            "path": info.path,
            "rev": info.rev,
            "commit": info.commit,
            "version": info.version,
            "jurisdiction": info.jurisdiction,
            "names": {"zh": info.names.zh, "en": info.names.en},
        }

    def perm(c: PermissionChange) -> dict[str, Any]:
        reach = r.reach_for(c)
        return {
            "role": c.role,
            "action": c.action,
            "matter": c.matter,
            "mode": c.mode,
            "change": c.change,
            "cause": c.cause,
            "old_scope": c.old_scope,
            "new_scope": c.new_scope,
            "duty": c.duty,
            "source": c.source,
            "grids": reach.grids if reach is not None else None,
            "people": reach.people if reach is not None else None,
            "basis": reach.basis if reach is not None else None,
        }

    def fields(items: Iterable[Any]) -> list[dict[str, Any]]:
        return [{"field": f.field, "old": f.old, "new": f.new} for f in items]

    return {
        "schema": SCHEMA,
        "at": r.at.isoformat(),
        "old": side(r.old),
        "new": side(r.new),
        "summary": {
            "changed": r.changed,
            "widening": r.widening,
            "definitions": len(r.definitions),
            "permissions": counts,
            "touched": _reach_json(r.touched),
            "touched_lost": _reach_json(r.touched_lost),
            "unhandled": len(r.unhandled),
            "routes": len(r.routes),
            "flags": len(r.flags),
            "pages": None if r.pages is None else len(r.pages),
            "validation": len(r.validation),
        },
        "flags": [
            {
                "code": f.code,
                "matter": f.matter,
                "roles": list(f.roles),
                "detail": list(f.detail),
                "source": f.source,
                "message": {"zh": flag_message(r, f, "zh"), "en": flag_message(r, f, "en")},
            }
            for f in r.flags
        ],
        "permissions": [perm(c) for c in r.permissions],
        "unhandled": [
            {
                "matter": u.matter,
                "reason": u.reason,
                "old_handlers": list(u.old_handlers),
                "emergency_handlers": list(u.emergency_handlers),
            }
            for u in r.unhandled
        ],
        "routes": [{"matter": rc.matter, "changes": fields(rc.fields)} for rc in r.routes],
        "definitions": [
            {
                "kind": d.kind,
                "key": d.key,
                "change": d.change,
                "fields": fields(d.fields),
                "source": d.source,
            }
            for d in r.definitions
        ],
        "pages": None
        if r.pages is None
        else [
            {
                "page": p.page,
                "kind": p.kind,
                "id": p.id,
                "change": p.change,
                "langs": list(p.langs),
                "sections": list(p.sections),
            }
            for p in r.pages
        ],
        "registry": {
            c.kind: {"added": list(c.added), "removed": list(c.removed), "changed": list(c.changed)}
            for c in r.registry
        },
        "validation": [
            {
                "code": p.code,
                "rule": p.rule,
                "location": p.location,
                "message": {"zh": p.message.zh, "en": p.message.en},
            }
            for p in r.validation
        ],
        "names": {
            kind: {i: {"zh": zh, "en": en} for i, (zh, en) in names.items()}
            for kind, names in sorted(r.labels.items())
            if kind in ("role", "matter")
        },
    }


def as_json(report: DiffReport, lang: str = "en") -> str:
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[DiffReport, str], str]] = {
    "text": text,
    "markdown": markdown,
    "json": as_json,
}
