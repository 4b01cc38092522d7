"""The handbook chapter on burden registers, dispatched warnings, party rules and grid codes.

Issue 13 items 5–8: what the registers hold (一票否决、减负挂账, marked as example data when
the policy says so), which task each warning dispatches, the party rules the validator
checks, and the grid-code scheme. Strings are resolved here in the handbook's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gridrules.catalogue import in_lang, msg, section
from gridrules.render.builder import Builder
from gridrules.render.labels import chapter_words
from gridrules.render.timing import limit_text
from gridrules.rules.party_formation import WORDS as FORMATION_WORDS
from gridrules.warning_text import METHODS


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    head: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class BurdenView:
    title: str
    note: str  # the example-data note, or ""
    tables: tuple[Table, ...]
    texts: tuple[tuple[str, str], ...]  # (heading, paragraph)


def build_burden(b: Builder) -> BurdenView | None:
    p, lang = b.p, b.lang

    w = chapter_words(section("render.burden"), lang)
    statuses = section("render.burden_status")

    def st(status: str) -> str:
        entry = statuses.get(status)
        return in_lang(entry, lang) if entry is not None else status

    tables: list[Table] = []
    texts: list[tuple[str, str]] = []
    note = ""
    reg = p.registers
    if reg is not None:
        note = w("example") if reg.example else ""
        if reg.source:
            texts.append(("", reg.source))

        def dept(i: str | None, name: str) -> str:
            return b.department(i) if i else name

        if reg.veto:
            rows = (
                Row(
                    (
                        x.names(lang),
                        b.matter(x.matter) if x.matter else x.indicator,
                        dept(x.department, x.department_name),
                        st(x.status),
                        x.note,
                    )
                )
                for x in reg.veto
            )
            head = (w("item"), w("raised_by"), w("department"), w("status"), "")
            tables.append(Table(w("veto"), head, tuple(rows)))
        if reg.pushed_down:
            rows = (
                Row(
                    (
                        x.names(lang),
                        dept(x.department, x.department_name),
                        x.logged.isoformat(),
                        st(x.status),
                        x.resolution,
                    )
                )
                for x in reg.pushed_down
            )
            head = (w("item"), w("department"), w("logged"), w("status"), w("resolution"))
            tables.append(Table(w("pushed"), head, tuple(rows)))
    tables += _warnings(b, w)
    tables += _party(b, w)
    codes = p.jurisdiction.settings.grid_codes
    if codes is not None:
        code_rows = tuple(Row((b.tier(t), str(n))) for t, n in codes.lengths)
        title = msg("render.punct.aside", main=w("codes"), aside=codes.scheme)(lang)
        tables.append(Table(title, (w("tier"), w("length")), code_rows))
    if not tables:
        return None
    return BurdenView(w("title"), note, tuple(tables), tuple(texts))


def _warnings(b: Builder, word: Callable[[str], str]) -> list[Table]:
    p, lang = b.p, b.lang
    levels = [x for x in p.escalation.warnings if x.task is not None or x.matters]
    if not levels:
        return []
    rows: list[Row] = []
    sep = b.sep
    for x in levels:
        task = x.task
        raised = sep.join([b.matter(m) for m in x.matters] + list(x.indicators))
        if task is None:
            rows.append(Row((x.names(lang), raised, "—", "—", "—")))
            continue
        where = sep.join(b.level(t) for t in task.to)
        if task.dispatched_by:
            where = f"{b.level(task.dispatched_by)} → {where}"
        if task.departments:
            departments = sep.join(b.department(d) for d in task.departments)
            where = msg("render.punct.aside", main=where, aside=departments)(lang)
        deadline = (
            limit_text(task.within, lang) + (word("assumed") if task.within_is_example else "")
            if task.within is not None
            else word("no_deadline")
        )
        follow = sep.join(
            f"{METHODS.get(m, (m, m))[1 if lang == 'en' else 0]} {limit_text(d, lang)}"
            for m, d in x.follow_up
        )
        task_text = f"{task.names(lang)}{msg('render.punct.colon')(lang)}{where}"
        rows.append(Row((x.names(lang), raised, task_text, deadline, follow)))
    head = tuple(word(k) for k in ("level", "raised_by", "task", "deadline", "follow_up"))
    return [Table(word("warnings"), head, tuple(rows))]


def _party(b: Builder, word: Callable[[str], str]) -> list[Table]:
    p, lang = b.p, b.lang
    party = p.party
    out: list[Table] = []
    orgs = [o for o in party.organisations if o.committee_from or o.term_years or o.formations]
    if orgs:
        sep = b.sep
        rows = tuple(
            Row(
                (
                    o.names(lang),
                    str(o.committee_from or "—"),
                    f"{o.term_years}" if o.term_years else "—",
                    sep.join(
                        (FORMATION_WORDS[f].en if lang == "en" else FORMATION_WORDS[f].zh)
                        if f in FORMATION_WORDS
                        else f
                        for f in o.formations
                    )
                    or "—",
                )
            )
            for o in orgs
        )
        head = ("", word("committee"), word("term"), word("formations"))
        out.append(Table(word("party_rules"), head, rows))
    if party.cross_appointments:
        rows = tuple(
            Row(
                (
                    x.names(lang),
                    b.tier(x.tier),
                    b.sep.join(b.role(r) for r in x.roles),
                    x.description,
                )
            )
            for x in party.cross_appointments
        )
        out.append(Table(word("cross"), ("", word("tier"), "", ""), rows))
    service = party.in_service
    if service is not None:
        rows = (
            Row(
                (
                    b.sep.join(b.role(r) for r in service.roles),
                    b.tier(service.report_to),
                    service.description,
                )
            ),
        )
        out.append(Table(word("in_service"), ("", word("tier"), ""), rows))
    return out
