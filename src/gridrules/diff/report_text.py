"""The diff report as plain text, in Chinese or English."""

from __future__ import annotations

from gridrules.catalogue import msg
from gridrules.diff import report_words as w
from gridrules.diff.compare import DiffReport
from gridrules.diff.model_diff import describe_value
from gridrules.diff.report_workload import workload_lines
from gridrules.lang import separator


def text(report: DiffReport, lang: str) -> str:
    r, out = report, []
    title = msg(
        "diff.text.title",
        name=r.new.names(lang),
        jurisdiction=r.new.jurisdiction,
        at=r.at.isoformat(),
    )
    out.append(title(lang))
    colon = msg("diff.punct.colon")(lang)
    for key, side in (("old", r.old), ("new", r.new)):
        out.append(f"  {w.word('side', key, lang)}{colon}{side.label} [{side.version}]")
    mark = "!" if r.widening or r.unhandled else ("~" if r.changed else "=")
    out.append(f"{mark} {w.headline(r, lang)}")

    if r.flags:
        out.append("")
        out.append(msg("diff.text.flags")(lang))
        for f in r.flags:
            where = f" ({f.source})" if f.source else ""
            out.append(
                f"  ! {w.word('flag_title', f.code, lang)}: {w.flag_message(r, f, lang)}{where}"
            )
    if r.validation:
        out.append("")
        out.append(msg("diff.text.validation")(lang))
        out.extend(f"  ! {p.line(lang)}" for p in r.validation)
    if r.permissions:
        out.append("")
        out.append(msg("diff.text.permissions")(lang))
        groups, more = w.limited(w.permission_groups(r))
        for c, matters in groups:
            sign = {"gained": "+", "lost": "-", "widened": "+", "narrowed": "-"}[c.change]
            grids, people = w.reach_text(r.reach_for(c))
            names = separator(lang).join(f"{r.label('matter', m, lang)} ({m})" for m in matters)
            out.append(
                f"  {sign} {r.label('role', c.role, lang)} ({c.role}) {w.word('change', c.change, lang)} "
                f"{w.word('action', c.action, lang)}: {names} [{w.word('mode', c.mode, lang)}; "
                f"{w.cause_word(c, lang)}] — "
                + msg("diff.text.reach", grids=grids, people=people)(lang)
            )
        if more:
            out.append(f"  {w.more_line(lang, more)}")
    if r.unhandled:
        out.append("")
        out.append(msg("diff.text.unhandled")(lang))
        for u in r.unhandled:
            before = ", ".join(u.old_handlers) or msg("diff.text.new_matter")(lang)
            emergency = (
                msg("diff.text.emergency_still", handlers=", ".join(u.emergency_handlers))(lang)
                if u.emergency_handlers
                else ""
            )
            out.append(
                f"  ! {r.label('matter', u.matter, lang)} ({u.matter}): {w.word('status', u.reason, lang)}"
                + msg("diff.text.before", before=before)(lang)
                + emergency
            )
    if r.routes:
        out.append("")
        out.append(msg("diff.text.routes")(lang))
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
        out.append(msg("diff.text.definitions")(lang))
        rows, more = w.limited(r.definitions)
        for d in rows:
            sign = {"added": "+", "removed": "-", "changed": "~"}[d.change]
            head = f"  {sign} {w.word('kind', d.kind, lang)} {d.key}"
            if d.change != "changed":
                out.append(f"{head} {w.word('change', d.change, lang)}")
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
        return ["", msg("diff.text.pages_not_compared")(lang)]
    if not r.pages:
        return []
    out = ["", msg("diff.text.pages")(lang)]
    for kind, pages in w.pages_by_kind(r.pages):
        shown = ", ".join(w.page_label(p, lang) for p in pages[: w.LIST_LIMIT])
        more = f" … (+{len(pages) - w.LIST_LIMIT})" if len(pages) > w.LIST_LIMIT else ""
        out.append(f"  ~ {w.word('page_kind', kind, lang)} ({len(pages)}): {shown}{more}")
    return out


def _registry_text(r: DiffReport, lang: str) -> list[str]:
    changes = [c for c in r.registry if not c.empty]
    if not changes:
        return []
    out = ["", msg("diff.text.registry")(lang)]
    for c in changes:
        kind = w.word("registry", c.kind, lang)
        out.append(
            f"  ~ {kind}: +{w.number(len(c.added))} -{w.number(len(c.removed))} ~{w.number(len(c.changed))}"
            + w.ids_tail(c.added, c.removed, c.changed)
        )
    return out
