"""The words and groupings the diff's text and Markdown reports share (zh and en).

Formatters: gridrules.diff.report_text, report_markdown, report_json; the
entry point is gridrules.diff.report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from gridrules.diff.compare import DiffReport
from gridrules.diff.flags import Flag
from gridrules.diff.impact import PageChange, Reach
from gridrules.diff.model_diff import FieldChange
from gridrules.diff.permissions import PermissionChange
from gridrules.messages import ACTION_NAMES, SCOPE_NAMES

ROW_LIMIT = 100  # rows per table in text and Markdown (JSON lists everything)
LIST_LIMIT = 20  # ids listed inline (pages, registry)


def pick(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def number(value: int) -> str:
    return f"{value:,}"


# --- words ------------------------------------------------------------------

CHANGE_WORDS = {
    "gained": ("获得", "gained"),
    "lost": ("失去", "lost"),
    "widened": ("范围扩大", "scope widened"),
    "narrowed": ("范围缩小", "scope narrowed"),
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
    "changed": ("修改", "changed"),
}
MODE_WORDS = {
    "both": ("常态+应急", "normal + emergency"),
    "normal": ("仅常态", "normal only"),
    "emergency": ("仅应急", "emergency only"),
}
GAIN_CAUSE = {
    "no_grant": ("新增授权", "new grant"),
    "not_admitted": ("事项新准入", "matter now admitted"),
    "expired": ("事项重新准入", "matter admitted again"),
    "excluded": ("移出排除清单", "taken off the excluded list"),
    "tier_too_low": ("层级现已满足", "tier now fits"),
}
LOSS_CAUSE = {
    "no_grant": ("授权取消", "grant removed"),
    "not_admitted": ("事项未准入", "matter not admitted"),
    "expired": ("准入已到期", "admission expired"),
    "excluded": ("列入排除清单", "matter excluded"),
    "tier_too_low": ("层级低于处置层级", "tier below handling tier"),
}
STATUS_WORDS = {
    "not_admitted": ("未准入", "not admitted"),
    "expired": ("准入已到期", "admission expired"),
    "excluded": ("已列入排除清单", "excluded"),
    "no_grant": ("无人获授权", "nobody granted"),
    "tier_too_low": ("层级低于处置层级", "role tier below the handling tier"),
}
NOT_ADMITTED_WORDS = {
    "not_admitted": ("未列入准入清单", "not on the admission list"),
    "expired": ("准入已到期", "no longer admitted (its admission expired)"),
    "excluded": ("在排除清单中", "on the excluded list"),
}
FLAG_TITLE = {
    "admission_without_approval": ("准入缺少审批机关或依据", "admission without approval"),
    "temporary_without_expiry": ("临时准入没有到期日期", "temporary admission without expiry"),
    "excluded_still_granted": ("排除事项仍有授权", "excluded matter still granted"),
    "grant_not_admitted": ("授权未准入事项", "grant on a matter not admitted"),
}
KIND_WORDS = {
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
PAGE_KIND_WORDS = {
    "manual": ("操作手册", "manual"),
    "card": ("岗位职责卡", "duty cards"),
    "checklist": ("巡查清单", "checklists"),
    "notice": ("网格公示牌", "notice sheets"),
}


def word(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    pair = table.get(key)
    return key if pair is None else pair[0 if lang == "zh" else 1]


def action_word(action: str, lang: str) -> str:
    return word(ACTION_NAMES, action, lang)


def scope_word(scope: str | None, lang: str) -> str:
    return "—" if scope is None else word(SCOPE_NAMES, scope, lang)


def cause_word(change: PermissionChange, lang: str) -> str:
    if change.cause == "scope":
        return f"{scope_word(change.old_scope, lang)} → {scope_word(change.new_scope, lang)}"
    table = GAIN_CAUSE if change.widening else LOSS_CAUSE
    return word(table, change.cause, lang)


def flag_message(report: DiffReport, flag: Flag, lang: str) -> str:
    matter = report.label("matter", flag.matter, lang)
    roles = pick(lang, "、", ", ").join(report.label("role", r, lang) for r in flag.roles)
    if flag.code == "admission_without_approval":
        missing = [
            pick(lang, "审批机关", "approving body")
            if f == "approved_by"
            else pick(lang, "依据文件", "basis document")
            for f in flag.detail
        ]
        return pick(
            lang,
            f"准入事项“{matter}”缺少{'和'.join(missing)}",
            f"admission of '{matter}' has no {' and no '.join(missing)}",
        )
    if flag.code == "temporary_without_expiry":
        return pick(
            lang,
            f"临时准入事项“{matter}”没有到期日期，会一直有效",
            f"temporary admission of '{matter}' has no expiry date: it never lapses",
        )
    if flag.code == "excluded_still_granted":
        allowed = pick(lang, "、", ", ").join(report.label("role", r, lang) for r in flag.detail)
        tail = (
            pick(
                lang,
                f"；{allowed}不受准入清单约束，仍可执行",
                f"; {allowed} (not bound by the admission list) still may",
            )
            if flag.detail
            else ""
        )
        return pick(
            lang,
            f"事项“{matter}”列入排除清单，但仍授权给：{roles}{tail}",
            f"'{matter}' moved onto the excluded list but is still granted to {roles}{tail}",
        )
    status = word(NOT_ADMITTED_WORDS, flag.detail[0] if flag.detail else "not_admitted", lang)
    return pick(
        lang,
        f"新增授权把“{matter}”交给网格角色 {roles}，但该事项在 {report.at.isoformat()} {status}",
        f"a new grant gives grid role(s) {roles} '{matter}', which on {report.at.isoformat()} "
        f"is {status}",
    )


def reach_text(reach: Reach | None) -> tuple[str, str]:
    if reach is None or reach.basis == "none":
        return "—", "—"
    return number(reach.grids), (number(reach.people) if reach.basis == "roster" else "—")


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


def matter_list(
    report: DiffReport, matters: Sequence[str], lang: str, *, code: bool = False
) -> str:
    limit = 8
    shown = [
        f"{report.label('matter', m, lang)} " + (md_code(m) if code else f"({m})")
        for m in matters[:limit]
    ]
    text = pick(lang, "、", ", ").join(shown)
    if len(matters) > limit:
        text += pick(
            lang, f" 等 {len(matters)} 项事项", f" and {len(matters) - limit} more matters"
        )
    return text


def limited(rows: Sequence[Any], limit: int = ROW_LIMIT) -> tuple[Sequence[Any], int]:
    return rows[:limit], max(0, len(rows) - limit)


def more_line(lang: str, n: int) -> str:
    return pick(
        lang,
        f"……另有 {n} 项（完整列表见 --format json）",
        f"… and {n} more (--format json lists all)",
    )


def summary_counts(report: DiffReport) -> dict[str, int]:
    counts = {"gained": 0, "lost": 0, "widened": 0, "narrowed": 0}
    for c in report.permissions:
        counts[c.change] += 1
    return counts


def headline(report: DiffReport, lang: str) -> str:
    """One sentence: does the change widen anything, and how far does it reach."""
    counts = summary_counts(report)
    if not report.changed:
        return pick(lang, "两版政策没有差别", "no difference between the two policies")
    gains = counts["gained"] + counts["widened"]
    losses = counts["lost"] + counts["narrowed"]
    flags = len(report.flags)
    parts = []
    if gains:
        roles = len({c.role for c in report.permissions if c.widening})
        reach, where = report.touched, ""
        if reach.basis != "none":
            people = reach.basis == "roster"
            where = pick(
                lang,
                f"，涉及 {number(reach.grids)} 个网格"
                + (f"、{number(reach.people)} 名人员" if people else ""),
                f", touching {number(reach.grids)} grids"
                + (f" and {number(reach.people)} people" if people else ""),
            )
        parts.append(
            pick(
                lang,
                f"扩大权限：{roles} 个角色新增 {gains} 项权限{where}",
                f"widens permissions: {roles} role(s) gain {gains} permission(s){where}",
            )
        )
    else:
        parts.append(pick(lang, "未扩大任何权限", "no permission is widened"))
    if flags:
        parts.append(pick(lang, f"{flags} 项警示", f"{flags} flag(s) raised"))
    if losses:
        parts.append(pick(lang, f"{losses} 项权限收回", f"{losses} permission(s) lost or narrowed"))
    if report.unhandled:
        n = len(report.unhandled)
        parts.append(pick(lang, f"{n} 项事项无人处置", f"{n} matter(s) no role may handle"))
    return pick(lang, "；", "; ").join(parts)


def pages_by_kind(pages: Iterable[PageChange]) -> list[tuple[str, list[PageChange]]]:
    grouped: dict[str, list[PageChange]] = {}
    for p in pages:
        grouped.setdefault(p.kind, []).append(p)
    return list(grouped.items())


def page_label(p: PageChange, lang: str) -> str:
    tail = ""
    if p.change != "changed":
        tail = f" [{word(CHANGE_WORDS, p.change, lang)}]"
    elif p.sections:
        tail = " [" + ", ".join(p.sections) + "]"
    if p.change == "changed" and len(p.langs) == 1:
        tail += f" ({p.langs[0]})"
    return p.page + tail


def ids_tail(added: Sequence[str], removed: Sequence[str], changed: Sequence[str]) -> str:
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


def md_code(value: str) -> str:
    return f"`{value}`" if value else ""
