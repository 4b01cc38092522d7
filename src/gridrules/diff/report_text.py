"""The diff report as plain text, in Chinese or English."""

from __future__ import annotations

from gridrules.diff import report_words as w
from gridrules.diff.compare import DiffReport
from gridrules.diff.model_diff import describe_value
from gridrules.diff.report_workload import workload_lines


def text(report: DiffReport, lang: str) -> str:
    r, out = report, []
    name = r.new.names.zh if lang == "zh" else (r.new.names.en or r.new.names.zh)
    out.append(
        w.pick(
            lang,
            f"gridrules diff：{name}（{r.new.jurisdiction}），准入按 {r.at.isoformat()} 判定",
            f"gridrules diff: {name} ({r.new.jurisdiction}), admissions as of {r.at.isoformat()}",
        )
    )
    out.append(w.pick(lang, "  旧版：", "  old: ") + f"{r.old.label} [{r.old.version}]")
    out.append(w.pick(lang, "  新版：", "  new: ") + f"{r.new.label} [{r.new.version}]")
    mark = "!" if r.widening or r.unhandled else ("~" if r.changed else "=")
    out.append(f"{mark} {w.headline(r, lang)}")

    if r.flags:
        out.append("")
        out.append(w.pick(lang, "警示：", "Flags:"))
        for f in r.flags:
            where = f" ({f.source})" if f.source else ""
            out.append(
                f"  ! {w.word(w.FLAG_TITLE, f.code, lang)}: {w.flag_message(r, f, lang)}{where}"
            )
    if r.validation:
        out.append("")
        out.append(
            w.pick(
                lang,
                "新版新增的校验错误（照常比较）：",
                "New validation errors in the new side (diffed anyway):",
            )
        )
        out.extend(f"  ! {p.line(lang)}" for p in r.validation)
    if r.permissions:
        out.append("")
        out.append(w.pick(lang, "实际权限变化：", "Effective permission changes:"))
        groups, more = w.limited(w.permission_groups(r))
        for c, matters in groups:
            sign = {"gained": "+", "lost": "-", "widened": "+", "narrowed": "-"}[c.change]
            grids, people = w.reach_text(r.reach_for(c))
            names = w.pick(lang, "、", ", ").join(
                f"{r.label('matter', m, lang)} ({m})" for m in matters
            )
            out.append(
                f"  {sign} {r.label('role', c.role, lang)} ({c.role}) {w.word(w.CHANGE_WORDS, c.change, lang)} "
                f"{w.action_word(c.action, lang)}: {names} [{w.word(w.MODE_WORDS, c.mode, lang)}; "
                f"{w.cause_word(c, lang)}] — "
                + w.pick(lang, f"网格 {grids}，人员 {people}", f"grids {grids}, people {people}")
            )
        if more:
            out.append(f"  {w.more_line(lang, more)}")
    if r.unhandled:
        out.append("")
        out.append(w.pick(lang, "无人处置的事项：", "Matters no role may handle:"))
        for u in r.unhandled:
            before = ", ".join(u.old_handlers) or w.pick(lang, "新事项", "new matter")
            emergency = (
                w.pick(
                    lang,
                    f"；应急状态下仍由 {', '.join(u.emergency_handlers)} 处置",
                    f"; in emergency mode still {', '.join(u.emergency_handlers)}",
                )
                if u.emergency_handlers
                else ""
            )
            out.append(
                f"  ! {r.label('matter', u.matter, lang)} ({u.matter}): {w.word(w.STATUS_WORDS, u.reason, lang)}"
                + w.pick(lang, f"（此前：{before}）", f" (before: {before})")
                + emergency
            )
    if r.routes:
        out.append("")
        out.append(w.pick(lang, "流转路线变化：", "Route changes:"))
        rows, more = w.limited(w.route_groups(r))
        for fields, matters in rows:
            changes = "; ".join(
                f"{f.field}: {describe_value(f.old)} → {describe_value(f.new)}" for f in fields
            )
            out.append(f"  ~ {w.matter_list(r, matters, lang)}: {changes}")
        if more:
            out.append(f"  {w.more_line(lang, more)}")
    if r.definitions:
        out.append("")
        out.append(w.pick(lang, "定义变化：", "Definition changes:"))
        rows, more = w.limited(r.definitions)
        for d in rows:
            sign = {"added": "+", "removed": "-", "changed": "~"}[d.change]
            head = f"  {sign} {w.word(w.KIND_WORDS, d.kind, lang)} {d.key}"
            if d.change != "changed":
                out.append(f"{head} {w.word(w.CHANGE_WORDS, d.change, lang)}")
                continue
            changes = "; ".join(
                f"{f.field}: {describe_value(f.old)} → {describe_value(f.new)}" for f in d.fields
            )
            out.append(f"{head}: {changes}")
        if more:
            out.append(f"  {w.more_line(lang, more)}")
    out.extend(_pages_text(r, lang))
    out.extend(_registry_text(r, lang))
    out.extend(workload_lines(r, lang))
    return "\n".join(out) + "\n"


def _pages_text(r: DiffReport, lang: str) -> list[str]:
    if r.pages is None:
        return ["", w.pick(lang, "手册页面：未比较", "Handbook pages: not compared")]
    if not r.pages:
        return []
    out = ["", w.pick(lang, "手册页面变化：", "Handbook page changes:")]
    for kind, pages in w.pages_by_kind(r.pages):
        shown = ", ".join(w.page_label(p, lang) for p in pages[: w.LIST_LIMIT])
        more = f" … (+{len(pages) - w.LIST_LIMIT})" if len(pages) > w.LIST_LIMIT else ""
        out.append(f"  ~ {w.word(w.PAGE_KIND_WORDS, kind, lang)} ({len(pages)}): {shown}{more}")
    return out


def _registry_text(r: DiffReport, lang: str) -> list[str]:
    changes = [c for c in r.registry if not c.empty]
    if not changes:
        return []
    out = ["", w.pick(lang, "网格台账与人员名册：", "Registry and roster:")]
    for c in changes:
        kind = w.pick(lang, "网格" if c.kind == "grids" else "人员", c.kind)
        out.append(
            f"  ~ {kind}: +{w.number(len(c.added))} -{w.number(len(c.removed))} ~{w.number(len(c.changed))}"
            + w.ids_tail(c.added, c.removed, c.changed)
        )
    return out
