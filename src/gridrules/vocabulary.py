"""The closed sets of the domain, each defined once with its Chinese and English labels.

Actions, scopes, areas, modes, decision reasons, route stages, document kinds,
tier kinds and output formats live here — the lowest layer of the package
(nothing here imports gridrules). Everything else derives from these tables:
the model's enums are these enums, the JSON Schemas (scripts/build_schemas.py)
take their `enum` lists and descriptions from them, click choices and help
texts, decision messages and handbook labels read their words from them.
Adding an action means adding one member and one `Term` below (and granting it
in a policy); a freshness test keeps the generated schemas true.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar


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

    def __init__(self, name: Term, members: type[E], terms: Mapping[E, Term]) -> None:
        missing = [m.value for m in members if m not in terms]
        if missing:
            raise ValueError(f"{members.__name__}: no words for {missing}")
        self.name = name
        self.members = members
        self.terms: dict[str, Term] = {m.value: terms[m] for m in members}

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
        if lang == "zh":
            return "、".join(f"{k} {t.zh}" for k, t in self.terms.items())
        return ", ".join(self.terms)

    def describe(self) -> str:
        """The schema description: the set's name, then each member's label, zh / en."""
        zh = "；".join(f"{k}：{t.zh}" for k, t in self.terms.items())
        en = "; ".join(f"{k}: {t.en}" for k, t in self.terms.items())
        return f"{self.name.zh}（{zh}） / {self.name.en} ({en})"


# --- actions ------------------------------------------------------------------


class Action(enum.StrEnum):
    HANDLE = "handle"
    REPORT = "report"
    ASSIST = "assist"
    ESCALATE = "escalate"
    DISPATCH = "dispatch"
    SUPERVISE = "supervise"


ACTIONS_VOCABULARY = Vocabulary(
    Term("动作", "action"),
    Action,
    {
        Action.HANDLE: Term("处置", "handle", "就地处置、办结", "settle the matter"),
        Action.REPORT: Term("上报", "report", "发现后向上报告", "report it upward once found"),
        Action.ASSIST: Term(
            "协助", "assist", "协助处置或核查", "help handle or verify it", "assist with"
        ),
        Action.ESCALATE: Term("上交", "escalate", "超出权限的提级上交", "pass it up a level"),
        Action.DISPATCH: Term("派单", "dispatch", "分流交办给部门或下级", "assign it to others"),
        Action.SUPERVISE: Term(
            "督办", "supervise", "督促落实、督查督办", "follow it to completion"
        ),
    },
)


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


SCOPES_VOCABULARY = Vocabulary(
    Term("履职范围", "scope"),
    Scope,
    {
        Scope.NODE: Term(
            "仅本节点",
            "this node only",
            "只在所在节点履职",
            "only the node the worker is assigned to",
        ),
        Scope.OWN_GRID: Term(
            "本网格（含所辖微网格、单元格）",
            "own grid, with the cells inside it",
            "所在网格及其中的微网格、单元格",
            "the assigned grid and every cell that makes it up",
        ),
        Scope.SUBTREE: Term(
            "本级及下级网格",
            "own level and every grid below",
            "所在社区、街道等及其下级网格",
            "the assigned node (community, street…) and every grid below it",
        ),
        Scope.JURISDICTION: Term("全辖区", "whole jurisdiction", "辖区内任何网格", "any grid"),
    },
)


# --- areas and modes -------------------------------------------------------------


class Area(enum.StrEnum):
    URBAN = "urban"
    RURAL = "rural"


AREAS_VOCABULARY = Vocabulary(
    Term("城乡属性", "area"),
    Area,
    {Area.URBAN: Term("城镇", "urban"), Area.RURAL: Term("农村", "rural")},
)


class Mode(enum.StrEnum):
    NORMAL = "normal"
    EMERGENCY = "emergency"  # 平战结合: an emergency plan is active


MODES_VOCABULARY = Vocabulary(
    Term("模式", "mode"),
    Mode,
    {
        Mode.NORMAL: Term("常态", "normal", "平时", "normal times"),
        Mode.EMERGENCY: Term(
            "应急", "emergency", "应急预案启动期间（平战结合）", "while an emergency plan is active"
        ),
    },
)


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


REASONS_VOCABULARY = Vocabulary(
    Term("判定理由", "reason"),
    Reason,
    {
        Reason.ALLOWED: Term(
            "允许", "allowed", "有角色通过全部条件", "a role passes every condition"
        ),
        Reason.NOT_ADMITTED: Term(
            "未准入", "not admitted", "事项当日不在准入清单内", "not on the admission list that day"
        ),
        Reason.EXCLUDED: Term(
            "不得下沉", "excluded", "事项在排除清单中，任何授权都不能改变", "on the exclusion list"
        ),
        Reason.EXPIRED: Term(
            "准入已到期", "expired", "临时准入已过期", "its admission has expired"
        ),
        Reason.NO_GRANT: Term("无此职责", "no grant", "职责清单未授予该动作", "no duty grants it"),
        Reason.OUT_OF_SCOPE: Term(
            "超出范围", "out of scope", "网格不在角色的履职范围内", "the grid is outside the scope"
        ),
        Reason.TIER_TOO_LOW: Term(
            "层级不足",
            "tier too low",
            "处置须在事项的处置层级或更高层级",
            "handled at a higher tier",
        ),
        Reason.ROLE_CONSTRAINT: Term(
            "不符合角色条件",
            "role constraint",
            "人员不满足角色的任职条件",
            "fails the role's constraint",
        ),
        Reason.UNKNOWN_PRINCIPAL: Term("未知人员", "unknown principal"),
        Reason.UNKNOWN_ROLE: Term("未知角色", "unknown role"),
        Reason.UNKNOWN_MATTER: Term("未知事项", "unknown matter"),
        Reason.UNKNOWN_GRID: Term("未知网格", "unknown grid"),
        Reason.UNKNOWN_ACTION: Term("未知动作", "unknown action"),
    },
)


# --- route stages -------------------------------------------------------------------


class Stage(enum.StrEnum):
    DIRECT = "direct"
    REPORT = "report"
    HANDLE = "handle"
    ESCALATE = "escalate"


STAGES_VOCABULARY = Vocabulary(
    Term("流转阶段", "route stage"),
    Stage,
    {
        Stage.DIRECT: Term(
            "直报", "direct report", "越级直报", "reported straight to a higher level"
        ),
        Stage.REPORT: Term("发现上报", "report", "处置层级以下", "below the handling level"),
        Stage.HANDLE: Term("处置", "handle", "处置层级", "the handling level"),
        Stage.ESCALATE: Term("上交", "escalate", "处置层级以上", "above the handling level"),
    },
)


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


DOCUMENT_KINDS_VOCABULARY = Vocabulary(
    Term("文档类型", "document kind"),
    DocumentKind,
    {
        DocumentKind.JURISDICTION: Term(
            "辖区", "jurisdiction", "辖区信息和设置", "the jurisdiction"
        ),
        DocumentKind.TIERS: Term(
            "网格层级", "tiers", "层级、规模和配备", "tiers, sizing, staffing"
        ),
        DocumentKind.ROLES: Term("角色", "roles", "网格员等角色", "worker roles"),
        DocumentKind.MATTERS: Term("事项", "matters", "事项及其类别", "matters and categories"),
        DocumentKind.RESPONSIBILITIES: Term("职责清单", "responsibilities", "", "duty lists"),
        DocumentKind.ADMISSION: Term("事项准入", "admission", "准入和排除清单", "admission lists"),
        DocumentKind.ESCALATION: Term("流转处置", "escalation", "层级、部门、闭环", "levels, loop"),
        DocumentKind.PARTY: Term("党建引领", "party", "党组织和督导", "party organisations"),
        DocumentKind.EMERGENCY: Term("平战结合", "emergency", "应急预案", "emergency plans"),
        DocumentKind.GRIDS: Term(
            "网格台账", "grid registry", "网格编码和户数", "the grid registry"
        ),
        DocumentKind.ROSTER: Term("人员名册", "roster", "网格员名册", "the roster of workers"),
        DocumentKind.REGISTERS: Term(
            "减负台账",
            "burden registers",
            "一票否决事项、减负挂账",
            "one-vote veto, pushed-down work",
        ),
        DocumentKind.SCHEDULES: Term(
            "常规工作频次", "duty schedules", "角色的例行工作及其频次、工作量", "recurring duties"
        ),
        DocumentKind.TEST: Term("政策测试", "policy test", "判定和路线用例", "decision test cases"),
    },
)


class Frequency(enum.StrEnum):
    """How often a recurring duty (duty schedule) comes round; per_event counts are per month."""

    DAILY = "daily"
    WEEKLY = "weekly"
    HALF_MONTHLY = "half_monthly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    PER_EVENT = "per_event"


FREQUENCIES_VOCABULARY = Vocabulary(
    Term("频次", "frequency"),
    Frequency,
    {
        Frequency.DAILY: Term("每日", "daily", "每月按 30 天计", "30 a month"),
        Frequency.WEEKLY: Term("每周", "weekly", "每月按 30/7 周计", "30/7 a month"),
        Frequency.HALF_MONTHLY: Term("每半月", "half-monthly", "每月 2 次", "twice a month"),
        Frequency.MONTHLY: Term("每月", "monthly", "每月 1 次", "once a month"),
        Frequency.QUARTERLY: Term("每季度", "quarterly", "每月 1/3 次", "a third a month"),
        Frequency.YEARLY: Term("每年", "yearly", "每月 1/12 次", "a twelfth a month"),
        Frequency.PER_EVENT: Term(
            "按事件", "per event", "每月预计次数见 times", "times: the expected count a month"
        ),
    },
)


class TierKind(enum.StrEnum):
    GRID = "grid"
    ADMINISTRATIVE = "administrative"


TIER_KINDS_VOCABULARY = Vocabulary(
    Term("层级类型", "tier kind"),
    TierKind,
    {
        TierKind.GRID: Term("网格", "grid", "该层节点是网格", "nodes of this tier are grids"),
        TierKind.ADMINISTRATIVE: Term(
            "行政单元", "administrative unit", "街道、区县等", "streets, districts and the like"
        ),
    },
)


class OutputFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    MARKDOWN = "markdown"
    HTML = "html"


OUTPUT_FORMATS_VOCABULARY = Vocabulary(
    Term("输出格式", "output format"),
    OutputFormat,
    {
        OutputFormat.TEXT: Term("文本", "text", "供人阅读", "for people"),
        OutputFormat.JSON: Term("JSON", "JSON", "供程序读取", "for tools"),
        OutputFormat.GITHUB: Term("CI 注释", "CI annotations", "GitHub Actions", "GitHub Actions"),
        OutputFormat.MARKDOWN: Term("Markdown", "Markdown", "评审用", "for reviews"),
        OutputFormat.HTML: Term("网页", "HTML page", "可打印的网页", "a page to print"),
    },
)
