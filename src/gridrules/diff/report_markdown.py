"""The diff report as Markdown, for a review comment (Chinese or English)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gridrules.catalogue import in_lang, msg, section
from gridrules.diff import report_words as w
from gridrules.diff.compare import DiffReport
from gridrules.diff.model_diff import describe_value
from gridrules.diff.report_workload import workload_lines
from gridrules.lang import separator


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return out


def _head(lang: str, *keys: str) -> tuple[str, ...]:
    """A table's header: each column's word (markdown.column.<key>); "" for a blank one."""
    columns = section("diff.markdown.column")
    return tuple(in_lang(columns[k], lang) if k else k for k in keys)


def _heading(title: str, mark: str = "") -> list[str]:
    return ["", f"### {mark}{title}", ""]


def markdown(report: DiffReport, lang: str) -> str:
    r = report
    counts = w.summary_counts(r)
    out = [f"## gridrules diff · {r.new.names(lang)} (`{r.new.jurisdiction}`)", ""]
    sides = msg(
        "diff.markdown.sides",
        old=r.old.label,
        old_version=r.old.version,
        new=r.new.label,
        new_version=r.new.version,
        at=r.at.isoformat(),
    )
    out.append(sides(lang))
    out.append("")
    mark = "⚠️" if r.widening or r.unhandled else "✅"
    out.append(f"{mark} **{w.headline(r, lang)}**")
    out.append("")
    pages = "—" if r.pages is None else str(len(r.pages))
    summary = {
        "definitions": str(len(r.definitions)),
        "permissions": f"{counts['gained']} / {counts['lost']} / "
        f"{counts['widened'] + counts['narrowed']}",
        "unhandled": str(len(r.unhandled)),
        "routes": str(len(r.routes)),
        "flags": str(len(r.flags)),
        "pages": pages,
    }
    said = {k: in_lang(e, lang) for k, e in section("diff.markdown.summary").items()}
    out += _table((said["what"], said["count"]), [(said[k], v) for k, v in summary.items()])
    if r.flags or r.validation:
        out += _heading(msg("diff.markdown.flags")(lang), "⚠️ ")
        for f in r.flags:
            where = f" — `{f.source}`" if f.source else ""
            out.append(
                f"- ⚠️ **{w.word('flag_title', f.code, lang)}**: {w.flag_message(r, f, lang)}{where}"
            )
        for p in r.validation:
            out.append(f"- ⚠️ `{p.location}` {p.code} {p.rule}: {p.message(lang)}")
    out += _heading(msg("diff.markdown.permissions")(lang))
    if not r.permissions:
        out.append(f"✅ {msg('diff.markdown.no_permission_change')(lang)}")
    else:
        groups, more = w.limited(w.permission_groups(r))
        rows = []
        for c, matters in groups:
            grids, people = w.reach_text(r.reach_for(c))
            rows.append(
                (
                    f"{'⚠️' if c.widening else '✅'} {w.word('change', c.change, lang)}",
                    f"{r.label('role', c.role, lang)} {w.md_code(c.role)}",
                    w.word("action", c.action, lang),
                    separator(lang).join(
                        f"{r.label('matter', m, lang)} {w.md_code(m)}" for m in matters
                    ),
                    w.word("mode", c.mode, lang),
                    w.cause_word(c, lang),
                    grids,
                    people,
                )
            )
        head = _head(lang, "", "role", "action", "matters", "mode", "cause", "grids", "people")
        out += _table(head, rows)
        if more:
            out += ["", w.more_line(lang, more)]
    if r.unhandled:
        out += _heading(msg("diff.markdown.unhandled")(lang), "⚠️ ")
        out += _table(
            _head(lang, "matter", "why", "handled_before", "in_emergency"),
            [
                (
                    f"{r.label('matter', u.matter, lang)} {w.md_code(u.matter)}",
                    w.word("status", u.reason, lang),
                    ", ".join(w.md_code(h) for h in u.old_handlers)
                    or msg("diff.markdown.new_matter")(lang),
                    ", ".join(w.md_code(h) for h in u.emergency_handlers) or "—",
                )
                for u in r.unhandled
            ],
        )
    if r.routes:
        out += _heading(msg("diff.markdown.routes")(lang))
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
        out += _table(_head(lang, "matter", "item", "old", "new"), shown)
        if more:
            out += ["", w.more_line(lang, more)]
    if r.definitions:
        out += _heading(msg("diff.markdown.definitions")(lang))
        rows_d: list[tuple[str, ...]] = []
        for d in r.definitions:
            mark = {"added": "➕", "removed": "➖", "changed": "✏️"}[d.change]
            head = (
                f"{mark} {w.word('change', d.change, lang)}",
                w.word("kind", d.kind, lang),
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
        out += _table(_head(lang, "", "kind", "id", "field", "old", "new", "where"), shown_d)
        if more:
            out += ["", w.more_line(lang, more)]
    out += _heading(msg("diff.markdown.pages")(lang))
    if r.pages is None:
        out.append(msg("diff.markdown.pages_not_compared")(lang))
    elif not r.pages:
        out.append(f"✅ {msg('diff.markdown.no_page_changes')(lang)}")
    else:
        for kind, pages_k in w.pages_by_kind(r.pages):
            shown_p = ", ".join(w.md_code(w.page_label(p, lang)) for p in pages_k[: w.LIST_LIMIT])
            tail = f" … (+{len(pages_k) - w.LIST_LIMIT})" if len(pages_k) > w.LIST_LIMIT else ""
            out.append(f"- **{w.word('page_kind', kind, lang)}** ({len(pages_k)}): {shown_p}{tail}")
    registry = [c for c in r.registry if not c.empty]
    if registry:
        out += _heading(msg("diff.markdown.registry")(lang))
        for c in registry:
            kind = w.word("registry", c.kind, lang)
            out.append(
                f"- {kind}: +{w.number(len(c.added))} / -{w.number(len(c.removed))} / ~{w.number(len(c.changed))}"
                + w.ids_tail(c.added, c.removed, c.changed)
            )
    out.extend(workload_lines(r, lang, "- "))
    return "\n".join(out) + "\n"
