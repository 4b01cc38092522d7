"""The diff report as Markdown, for a review comment (Chinese or English)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gridrules.diff import report_words as w
from gridrules.diff.compare import DiffReport
from gridrules.diff.model_diff import describe_value
from gridrules.diff.report_workload import workload_lines


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return out


def markdown(report: DiffReport, lang: str) -> str:
    r = report
    name = r.new.names.zh if lang == "zh" else (r.new.names.en or r.new.names.zh)
    counts = w.summary_counts(r)
    out = [f"## gridrules diff · {name} (`{r.new.jurisdiction}`)", ""]
    out.append(
        w.pick(
            lang,
            f"**旧版** `{r.old.label}` ({r.old.version}) → **新版** `{r.new.label}` ({r.new.version})；准入按 {r.at.isoformat()} 判定",
            f"**old** `{r.old.label}` ({r.old.version}) → **new** `{r.new.label}` ({r.new.version}); admissions as of {r.at.isoformat()}",
        )
    )
    out.append("")
    mark = "⚠️" if r.widening or r.unhandled else "✅"
    out.append(f"{mark} **{w.headline(r, lang)}**")
    out.append("")
    pages = "—" if r.pages is None else str(len(r.pages))
    out += _table(
        (w.pick(lang, "项目", "what"), w.pick(lang, "数量", "count")),
        [
            (w.pick(lang, "定义变化", "definitions changed"), str(len(r.definitions))),
            (
                w.pick(
                    lang, "权限 获得 / 失去 / 范围变化", "permissions gained / lost / scope changed"
                ),
                f"{counts['gained']} / {counts['lost']} / {counts['widened'] + counts['narrowed']}",
            ),
            (w.pick(lang, "无人处置的事项", "matters no role may handle"), str(len(r.unhandled))),
            (w.pick(lang, "流转路线变化", "routes changed"), str(len(r.routes))),
            (w.pick(lang, "警示", "flags"), str(len(r.flags))),
            (w.pick(lang, "手册页面变化", "handbook pages changed"), pages),
        ],
    )
    if r.flags or r.validation:
        out += ["", f"### ⚠️ {w.pick(lang, '警示', 'Flags')}", ""]
        for f in r.flags:
            where = f" — `{f.source}`" if f.source else ""
            out.append(
                f"- ⚠️ **{w.word(w.FLAG_TITLE, f.code, lang)}**: {w.flag_message(r, f, lang)}{where}"
            )
        for p in r.validation:
            out.append(f"- ⚠️ `{p.location}` {p.code} {p.rule}: {p.message(lang)}")
    out += ["", f"### {w.pick(lang, '实际权限变化', 'Effective permissions')}", ""]
    if not r.permissions:
        out.append(
            f"✅ {w.pick(lang, '没有角色获得或失去权限', 'no role gains or loses a permission')}"
        )
    else:
        groups, more = w.limited(w.permission_groups(r))
        rows = []
        for c, matters in groups:
            grids, people = w.reach_text(r.reach_for(c))
            rows.append(
                (
                    f"{'⚠️' if c.widening else '✅'} {w.word(w.CHANGE_WORDS, c.change, lang)}",
                    f"{r.label('role', c.role, lang)} {w.md_code(c.role)}",
                    w.action_word(c.action, lang),
                    w.pick(lang, "、", ", ").join(
                        f"{r.label('matter', m, lang)} {w.md_code(m)}" for m in matters
                    ),
                    w.word(w.MODE_WORDS, c.mode, lang),
                    w.cause_word(c, lang),
                    grids,
                    people,
                )
            )
        out += _table(
            (
                "",
                w.pick(lang, "角色", "role"),
                w.pick(lang, "动作", "action"),
                w.pick(lang, "事项", "matters"),
                w.pick(lang, "模式", "mode"),
                w.pick(lang, "原因", "cause"),
                w.pick(lang, "网格", "grids"),
                w.pick(lang, "人员", "people"),
            ),
            rows,
        )
        if more:
            out += ["", w.more_line(lang, more)]
    if r.unhandled:
        out += ["", f"### ⚠️ {w.pick(lang, '无人处置的事项', 'Matters no role may handle')}", ""]
        out += _table(
            (
                w.pick(lang, "事项", "matter"),
                w.pick(lang, "原因", "why"),
                w.pick(lang, "此前处置角色", "handled before by"),
                w.pick(lang, "应急状态下", "in emergency mode"),
            ),
            [
                (
                    f"{r.label('matter', u.matter, lang)} {w.md_code(u.matter)}",
                    w.word(w.STATUS_WORDS, u.reason, lang),
                    ", ".join(w.md_code(h) for h in u.old_handlers)
                    or w.pick(lang, "（新事项）", "(new matter)"),
                    ", ".join(w.md_code(h) for h in u.emergency_handlers) or "—",
                )
                for u in r.unhandled
            ],
        )
    if r.routes:
        out += ["", f"### {w.pick(lang, '流转路线变化', 'Route changes')}", ""]
        rows_r = [
            (
                w.matter_list(r, matters, lang, code=True),
                w.md_code(f.field),
                describe_value(f.old),
                describe_value(f.new),
            )
            for fields, matters in w.route_groups(r)
            for f in fields
        ]
        shown, more = w.limited(rows_r)
        out += _table(
            (
                w.pick(lang, "事项", "matter"),
                w.pick(lang, "项目", "field"),
                w.pick(lang, "原", "old"),
                w.pick(lang, "新", "new"),
            ),
            shown,
        )
        if more:
            out += ["", w.more_line(lang, more)]
    if r.definitions:
        out += ["", f"### {w.pick(lang, '定义变化', 'Definitions')}", ""]
        rows_d: list[tuple[str, ...]] = []
        for d in r.definitions:
            mark = {"added": "➕", "removed": "➖", "changed": "✏️"}[d.change]
            head = (
                f"{mark} {w.word(w.CHANGE_WORDS, d.change, lang)}",
                w.word(w.KIND_WORDS, d.kind, lang),
                w.md_code(d.key),
            )
            if d.change != "changed":
                rows_d.append((*head, "", "", "", w.md_code(d.source)))
                continue
            for fc in d.fields:
                rows_d.append(
                    (
                        *head,
                        w.md_code(fc.field),
                        describe_value(fc.old),
                        describe_value(fc.new),
                        w.md_code(d.source),
                    )
                )
        shown_d, more = w.limited(rows_d)
        out += _table(
            (
                "",
                w.pick(lang, "类型", "kind"),
                "id",
                w.pick(lang, "字段", "field"),
                w.pick(lang, "原", "old"),
                w.pick(lang, "新", "new"),
                w.pick(lang, "位置", "where"),
            ),
            shown_d,
        )
        if more:
            out += ["", w.more_line(lang, more)]
    out += ["", f"### {w.pick(lang, '手册页面', 'Handbook pages')}", ""]
    if r.pages is None:
        out.append(w.pick(lang, "未比较（--no-pages）", "not compared (--no-pages)"))
    elif not r.pages:
        out.append(f"✅ {w.pick(lang, '没有页面变化', 'no page changes')}")
    else:
        for kind, pages_k in w.pages_by_kind(r.pages):
            shown_p = ", ".join(w.md_code(w.page_label(p, lang)) for p in pages_k[: w.LIST_LIMIT])
            tail = f" … (+{len(pages_k) - w.LIST_LIMIT})" if len(pages_k) > w.LIST_LIMIT else ""
            out.append(
                f"- **{w.word(w.PAGE_KIND_WORDS, kind, lang)}** ({len(pages_k)}): {shown_p}{tail}"
            )
    registry = [c for c in r.registry if not c.empty]
    if registry:
        out += ["", f"### {w.pick(lang, '网格台账与人员名册', 'Registry and roster')}", ""]
        for c in registry:
            kind = w.pick(lang, "网格" if c.kind == "grids" else "人员", c.kind)
            out.append(
                f"- {kind}: +{w.number(len(c.added))} / -{w.number(len(c.removed))} / ~{w.number(len(c.changed))}"
                + w.ids_tail(c.added, c.removed, c.changed)
            )
    out.extend(workload_lines(r, lang, "- "))
    return "\n".join(out) + "\n"
