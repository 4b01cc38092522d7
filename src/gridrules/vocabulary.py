"""The closed sets of the domain, each defined once; their words live in the catalogue.

Actions, scopes, areas, modes, decision reasons, route stages, document kinds,
tier kinds and output formats are enums here; each member's Chinese and English
label and line of help are read from gridrules/locale/vocabulary.toml (document
kinds: kinds.toml, beside the words of the kinds' modules), where a translator
edits them. This is the lowest domain layer (it imports only the
catalogue). Everything else derives from these tables: the model's enums are
these enums, the JSON Schemas (scripts/build_schemas.py) take their `enum` lists
and descriptions from them, click choices and help texts, decision messages and
handbook labels read their words from them. Adding an action means adding one
member here and its words in vocabulary.toml (and granting it in a policy); a
freshness test keeps the generated schemas true.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from gridrules.catalogue import msg, section
from gridrules.lang import joined, separator


@dataclass(frozen=True, slots=True)
class Term:
    """One member's words: a label in each language and one line of help."""

    zh: str
    en: str
    help_zh: str = ""
    help_en: str = ""
    phrase_en: str = ""  # the English in a sentence, where it differs ("assist with")

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


E = TypeVar("E", bound=enum.StrEnum)


class Vocabulary(Generic[E]):
    """An enum and the words for each of its members, in declaration order."""

    def __init__(self, words: Mapping[str, Mapping[str, str]], members: type[E]) -> None:
        """`words`: a catalogue section with the set's `name` and one entry per member."""
        terms = {k: Term(**entry) for k, entry in words.items()}
        missing = [m.value for m in members if m.value not in terms]
        if missing or "name" not in terms:
            raise ValueError(f"{members.__name__}: no catalogue words for {missing}")
        self.name = terms["name"]
        self.members = members
        self.terms: dict[str, Term] = {m.value: terms[m.value] for m in members}

    def __iter__(self) -> Iterator[E]:
        return iter(self.members)

    def __contains__(self, value: object) -> bool:
        return value in self.terms

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.terms)

    def term(self, value: str) -> Term:
        return self.terms[value]

    def label(self, value: str, lang: str) -> str:
        """The member's label; an unknown value is shown as it is (never a KeyError in print)."""
        found = self.terms.get(value)
        return found.label(lang) if found is not None else value

    def labels(self) -> dict[str, tuple[str, str]]:
        """id → (zh, en) labels."""
        return {k: (t.zh, t.en) for k, t in self.terms.items()}

    def phrases(self) -> dict[str, tuple[str, str]]:
        """id → (zh, en) words for use inside a sentence."""
        return {k: (t.zh, t.phrase_en or t.en) for k, t in self.terms.items()}

    def help(self, lang: str = "en") -> str:
        """The ids for --help and docs: "handle, report, …" or "handle 处置、report 上报、…"."""
        sep = separator(lang)
        return sep.join(
            msg("vocabulary.format.help_item", id=k, label=t.zh)(lang)
            for k, t in self.terms.items()
        )

    def describe(self) -> str:
        """The schema description: the set's name, then each member's label, zh / en."""
        items = [
            msg("vocabulary.format.item", id=k, label=(t.zh, t.en)) for k, t in self.terms.items()
        ]
        listed = joined(msg("vocabulary.format.semicolon"), items)
        said = msg("vocabulary.format.set", name=(self.name.zh, self.name.en), items=listed)
        return f"{said.zh} / {said.en}"


# --- actions ------------------------------------------------------------------


class Action(enum.StrEnum):
    HANDLE = "handle"
    REPORT = "report"
    ASSIST = "assist"
    ESCALATE = "escalate"
    DISPATCH = "dispatch"
    SUPERVISE = "supervise"


ACTIONS_VOCABULARY = Vocabulary(section("vocabulary.actions"), Action)


# --- scopes -------------------------------------------------------------------


class Scope(enum.StrEnum):
    """Where a role acts, measured in the registry from the principal's assigned node.

    `own_grid` and `subtree` reach the same nodes — the assigned node and every node
    below it (the micro grids, unit cells and dedicated grids that make it up) — and
    differ only in the words printed for them; `node` is the assigned node alone.
    """

    NODE = "node"
    OWN_GRID = "own_grid"
    SUBTREE = "subtree"
    JURISDICTION = "jurisdiction"


SCOPES_VOCABULARY = Vocabulary(section("vocabulary.scopes"), Scope)


# --- areas and modes -------------------------------------------------------------


class Area(enum.StrEnum):
    URBAN = "urban"
    RURAL = "rural"


AREAS_VOCABULARY = Vocabulary(section("vocabulary.areas"), Area)


class Mode(enum.StrEnum):
    NORMAL = "normal"
    EMERGENCY = "emergency"  # 平战结合: an emergency plan is active


MODES_VOCABULARY = Vocabulary(section("vocabulary.modes"), Mode)


# --- decision reasons -------------------------------------------------------------


class Reason(enum.StrEnum):
    """Why a decision came out as it did (stable codes; apps switch on them)."""

    ALLOWED = "allowed"
    NOT_ADMITTED = "not_admitted"
    EXCLUDED = "excluded"
    EXPIRED = "expired"
    NO_GRANT = "no_grant"
    OUT_OF_SCOPE = "out_of_scope"
    TIER_TOO_LOW = "tier_too_low"
    ROLE_CONSTRAINT = "role_constraint"
    UNKNOWN_PRINCIPAL = "unknown_principal"
    UNKNOWN_ROLE = "unknown_role"
    UNKNOWN_MATTER = "unknown_matter"
    UNKNOWN_GRID = "unknown_grid"
    UNKNOWN_ACTION = "unknown_action"


REASONS_VOCABULARY = Vocabulary(section("vocabulary.reasons"), Reason)


# --- route stages -------------------------------------------------------------------


class Stage(enum.StrEnum):
    DIRECT = "direct"
    REPORT = "report"
    HANDLE = "handle"
    ESCALATE = "escalate"


STAGES_VOCABULARY = Vocabulary(section("vocabulary.stages"), Stage)


# --- documents, tiers, output formats --------------------------------------------------


class DocumentKind(enum.StrEnum):
    JURISDICTION = "jurisdiction"
    TIERS = "tiers"
    ROLES = "roles"
    MATTERS = "matters"
    RESPONSIBILITIES = "responsibilities"
    ADMISSION = "admission"
    ESCALATION = "escalation"
    PARTY = "party"
    EMERGENCY = "emergency"
    GRIDS = "grids"
    ROSTER = "roster"
    SCHEDULES = "schedules"
    REGISTERS = "registers"
    TEST = "test"


DOCUMENT_KINDS_VOCABULARY = Vocabulary(section("kinds.names"), DocumentKind)


class Frequency(enum.StrEnum):
    """How often a recurring duty (duty schedule) comes round; per_event counts are per month."""

    DAILY = "daily"
    WEEKLY = "weekly"
    HALF_MONTHLY = "half_monthly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    PER_EVENT = "per_event"


FREQUENCIES_VOCABULARY = Vocabulary(section("vocabulary.frequencies"), Frequency)


class TierKind(enum.StrEnum):
    GRID = "grid"
    ADMINISTRATIVE = "administrative"


TIER_KINDS_VOCABULARY = Vocabulary(section("vocabulary.tier_kinds"), TierKind)


class OutputFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    MARKDOWN = "markdown"
    HTML = "html"


OUTPUT_FORMATS_VOCABULARY = Vocabulary(section("vocabulary.output_formats"), OutputFormat)
