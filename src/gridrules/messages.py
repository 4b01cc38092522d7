"""Decision messages in Chinese and English: one sentence a policy officer understands."""

from __future__ import annotations

from gridrules.model import Names, Policy
from gridrules.problems import Text
from gridrules.vocabulary import ACTIONS_VOCABULARY, SCOPES_VOCABULARY

ACTION_NAMES = ACTIONS_VOCABULARY.phrases()  # words inside a sentence ("assist with")
SCOPE_NAMES = SCOPES_VOCABULARY.labels()  # one wording for decisions and handbooks


def label(names: Names | None, ident: str, lang: str) -> str:
    if names is None:
        return ident
    if lang == "zh":
        return names.zh or ident
    return names.en or ident


def both(names: Names | None, ident: str) -> tuple[str, str]:
    return label(names, ident, "zh"), label(names, ident, "en")


class Labels:
    """Bilingual labels for a policy's roles, matters, tiers and actions."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def role(self, role_id: str) -> tuple[str, str]:
        role = self.policy.role_by_id.get(role_id)
        return both(role.names if role else None, role_id)

    def matter(self, matter_id: str) -> tuple[str, str]:
        matter = self.policy.matter_by_id.get(matter_id)
        return both(matter.names if matter else None, matter_id)

    def tier(self, tier_id: str) -> tuple[str, str]:
        tier = self.policy.tier_by_id.get(tier_id)
        return both(tier.names if tier else None, tier_id)

    @staticmethod
    def action(action: str) -> tuple[str, str]:
        return ACTION_NAMES.get(action, (action, action))

    @staticmethod
    def scope(scope: str) -> tuple[str, str]:
        return SCOPE_NAMES.get(scope, (scope, scope))


def allowed(
    role: tuple[str, str],
    action: tuple[str, str],
    matter: tuple[str, str],
    duty: str,
    emergency: bool,
) -> Text:
    tag_zh, tag_en = ("（应急模式授权）", " (emergency overlay)") if emergency else ("", "")
    return Text(
        f"允许：{role[0]}可对“{matter[0]}”{action[0]}（职责 {duty}{tag_zh}）",
        f"allowed: {role[1]} may {action[1]} '{matter[1]}' (duty {duty}{tag_en})",
    )


def excluded(matter: tuple[str, str], reason: str) -> Text:
    return Text(
        f"不允许：“{matter[0]}”列入不得交由网格和社区（村）承担的事项（{reason}），任何授权都不能改变",
        f"denied: '{matter[1]}' is on the list of matters that may not be pushed down to grids "
        f"or community bodies ({reason}); no grant overrides it",
    )


def expired(matter: tuple[str, str], expires: str) -> Text:
    return Text(
        f"不允许：“{matter[0]}”的网格准入已于 {expires} 到期",
        f"denied: the grid admission of '{matter[1]}' expired on {expires}",
    )


def not_admitted(
    matter: tuple[str, str], effective: str | None, emergency_only: bool = False
) -> Text:
    if emergency_only:
        return Text(
            f"不允许：“{matter[0]}”只在应急预案启动期间准入，平时不得交由网格和社区（村）承担",
            f"denied: '{matter[1]}' is admitted only while an emergency plan is active; "
            "in normal times it may not be assigned to grids or community bodies",
        )
    if effective is not None:
        return Text(
            f"不允许：“{matter[0]}”的网格准入自 {effective} 起才生效",
            f"denied: the grid admission of '{matter[1]}' takes effect only on {effective}",
        )
    return Text(
        f"不允许：“{matter[0]}”未列入事项准入清单，不得交由网格和社区（村）承担",
        f"denied: '{matter[1]}' is not on the admission list; it may not be assigned to grids "
        "or community bodies",
    )


def no_grant(
    roles: tuple[str, str], action: tuple[str, str], matter: tuple[str, str], emergency_only: bool
) -> Text:
    tail_zh, tail_en = (
        ("（该授权仅在应急模式下有效）", " (it is granted only in emergency mode)")
        if emergency_only
        else ("", "")
    )
    return Text(
        f"不允许：{roles[0]}的职责清单中没有对“{matter[0]}”的{action[0]}{tail_zh}",
        f"denied: no duty of {roles[1]} grants '{action[1]}' on '{matter[1]}'{tail_en}",
    )


def out_of_scope(role: tuple[str, str], grid: str, scope: tuple[str, str], home: str) -> Text:
    return Text(
        f"不允许：网格 {grid} 不在{role[0]}的管辖范围内（{scope[0]}，所在网格 {home}）",
        f"denied: grid {grid} lies outside the scope of {role[1]} ({scope[1]} from {home})",
    )


def tier_too_low(
    role: tuple[str, str],
    role_tier: tuple[str, str],
    matter: tuple[str, str],
    tier: tuple[str, str],
) -> Text:
    return Text(
        f"不允许：“{matter[0]}”应由{tier[0]}层级处置，{role[0]}（{role_tier[0]}）层级不够，应上报",
        f"denied: '{matter[1]}' is handled at {tier[1]} level; {role[1]} ({role_tier[1]}) "
        "sits below it and should report it upward",
    )


def role_constraint(
    role: tuple[str, str], attribute: str, must_be: object, area: str | None, description: str
) -> Text:
    want = str(must_be).lower() if isinstance(must_be, bool) else str(must_be)
    where_zh = {"urban": "城镇网格中 ", "rural": "农村网格中 "}.get(area or "", "")
    where_en = f" in {area} grids" if area else ""
    why_zh = f"：{description}" if description else ""
    why_en = f": {description}" if description else ""
    return Text(
        f"不允许：该人员不符合{role[0]}的任职约束（{where_zh}{attribute} 须为 {want}）{why_zh}",
        f"denied: the principal does not meet a constraint of {role[1]} "
        f"({attribute} must be {want}{where_en}){why_en}",
    )


def unknown(kind: str, value: str, hint: Text | None = None) -> Text:
    words = {
        "principal": ("名册中没有人员", "the roster has no worker"),
        "role": ("政策中没有角色", "the policy has no role"),
        "matter": ("政策中没有事项", "the policy has no matter"),
        "grid": ("网格台账中没有网格", "the grid registry has no grid"),
        "action": ("不认识的动作", "unknown action"),
    }[kind]
    text = Text(f"不允许：{words[0]} “{value}”", f"denied: {words[1]} '{value}'")
    if hint is not None:
        text = Text(f"{text.zh}（{hint.zh}）", f"{text.en} ({hint.en})")
    return text
