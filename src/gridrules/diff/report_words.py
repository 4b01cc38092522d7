"""The words and groupings the diff's text and Markdown reports share (zh and en).

Formatters: gridrules.diff.report_text, report_markdown, report_json; the
entry point is gridrules.diff.report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from gridrules.catalogue import entries, in_lang, msg, section
from gridrules.diff.compare import DiffReport
from gridrules.diff.flags import Flag
from gridrules.diff.impact import PageChange, Reach
from gridrules.diff.model_diff import FieldChange
from gridrules.diff.permissions import PermissionChange
from gridrules.lang import separator
from gridrules.messages import ACTION_NAMES, SCOPE_NAMES

ROW_LIMIT = 100  # rows per table in text and Markdown (JSON lists everything)
LIST_LIMIT = 20  # ids listed inline (pages, registry)


def number(value: int) -> str:
    return f"{value:,}"


# --- words ------------------------------------------------------------------
# Codes in words, table by table: every [words.<table>] of gridrules/locale/diff.toml,
# the vocabulary's actions and scopes, and the kinds' changes (locale/kinds.toml).

_WORD_TABLES = "diff.words."


def _table(name: str) -> dict[str, tuple[str, str]]:
    return {key: (e["zh"], e["en"]) for key, e in section(f"diff.words.{name}").items()}


WORDS: dict[str, Mapping[str, tuple[str, str]]] = {
    "action": ACTION_NAMES,
    "scope": SCOPE_NAMES,
    # what a definition change is a change of: declared with each document kind
    "kind": {key: (e["zh"], e["en"]) for key, e in section("kinds.changes").items()},
    **{
        name: _table(name)
        for name in dict.fromkeys(
            k[len(_WORD_TABLES) :].split(".")[0] for k in entries() if k.startswith(_WORD_TABLES)
        )
    },
}


def word(table: str, key: str, lang: str) -> str:
    """A code in words from one of WORDS' tables; an unknown code as written."""
    pair = WORDS[table].get(key)
    return key if pair is None else in_lang(pair, lang)


def scope_word(scope: str | None, lang: str) -> str:
    return "—" if scope is None else word("scope", scope, lang)


def cause_word(change: PermissionChange, lang: str) -> str:
    if change.cause == "scope":
        return f"{scope_word(change.old_scope, lang)} → {scope_word(change.new_scope, lang)}"
    return word("gain_cause" if change.widening else "loss_cause", change.cause, lang)


def labels(report: DiffReport, kind: str, ids: Iterable[str], lang: str) -> str:
    """The display names of `ids`, as a list in `lang`."""
    return separator(lang).join(report.label(kind, i, lang) for i in ids)


def flag_message(report: DiffReport, flag: Flag, lang: str) -> str:
    matter = report.label("matter", flag.matter, lang)
    roles = labels(report, "role", flag.roles, lang)
    if flag.code == "admission_without_approval":
        missing = msg("diff.flag.missing_joiner")(lang).join(
            word("missing_field", f if f == "approved_by" else "basis", lang) for f in flag.detail
        )
        said = msg("diff.flag.admission_without_approval", matter=matter, missing=missing)
    elif flag.code == "temporary_without_expiry":
        said = msg("diff.flag.temporary_without_expiry", matter=matter)
    elif flag.code == "excluded_still_granted":
        allowed = labels(report, "role", flag.detail, lang)
        tail = msg("diff.flag.still_allowed", allowed=allowed)(lang) if flag.detail else ""
        said = msg("diff.flag.excluded_still_granted", matter=matter, roles=roles, tail=tail)
    else:
        status = word("not_admitted", flag.detail[0] if flag.detail else "not_admitted", lang)
        said = msg(
            "diff.flag.grant_not_admitted",
            matter=matter,
            roles=roles,
            date=report.at.isoformat(),
            status=status,
        )
    return said(lang)


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
    text = separator(lang).join(shown)
    if len(matters) > limit:
        # Chinese counts every matter (等 N 项), English the ones left out (and N more)
        text += msg("diff.more_matters", n=(str(len(matters)), str(len(matters) - limit)))(lang)
    return text


def limited(rows: Sequence[Any], limit: int = ROW_LIMIT) -> tuple[Sequence[Any], int]:
    return rows[:limit], max(0, len(rows) - limit)


def more_line(lang: str, n: int) -> str:
    return msg("diff.more_rows", n=n)(lang)


def summary_counts(report: DiffReport) -> dict[str, int]:
    counts = {"gained": 0, "lost": 0, "widened": 0, "narrowed": 0}
    for c in report.permissions:
        counts[c.change] += 1
    return counts


def headline(report: DiffReport, lang: str) -> str:
    """One sentence: does the change widen anything, and how far does it reach."""
    counts = summary_counts(report)
    if not report.changed:
        return msg("diff.headline.same")(lang)
    gains = counts["gained"] + counts["widened"]
    losses = counts["lost"] + counts["narrowed"]
    parts = []
    if gains:
        roles = len({c.role for c in report.permissions if c.widening})
        reach, where = report.touched, ""
        if reach.basis != "none":
            where = msg("diff.headline.grids", grids=number(reach.grids))(lang)
            if reach.basis == "roster":
                where += msg("diff.headline.people", people=number(reach.people))(lang)
        parts.append(msg("diff.headline.widens", roles=roles, gains=gains, where=where)(lang))
    else:
        parts.append(msg("diff.headline.no_widening")(lang))
    if report.flags:
        parts.append(msg("diff.headline.flags", n=len(report.flags))(lang))
    if losses:
        parts.append(msg("diff.headline.losses", n=losses)(lang))
    if report.unhandled:
        parts.append(msg("diff.headline.unhandled", n=len(report.unhandled))(lang))
    return msg("diff.punct.semicolon")(lang).join(parts)


def pages_by_kind(pages: Iterable[PageChange]) -> list[tuple[str, list[PageChange]]]:
    grouped: dict[str, list[PageChange]] = {}
    for p in pages:
        grouped.setdefault(p.kind, []).append(p)
    return list(grouped.items())


def page_label(p: PageChange, lang: str) -> str:
    tail = ""
    if p.change != "changed":
        tail = f" [{word('change', p.change, lang)}]"
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
