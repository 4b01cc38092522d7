"""Decision messages in Chinese and English: one sentence a policy officer understands."""

from __future__ import annotations

from gridrules.catalogue import msg
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
    tag = msg("decisions.message.emergency_grant") if emergency else ""
    return msg(
        "decisions.message.allowed", role=role, action=action, matter=matter, duty=duty, tag=tag
    )


def excluded(matter: tuple[str, str], reason: str) -> Text:
    return msg("decisions.message.excluded", matter=matter, reason=reason)


def expired(matter: tuple[str, str], expires: str) -> Text:
    return msg("decisions.message.expired", matter=matter, expires=expires)


def not_admitted(
    matter: tuple[str, str], effective: str | None, emergency_only: bool = False
) -> Text:
    if emergency_only:
        return msg("decisions.message.emergency_only", matter=matter)
    if effective is not None:
        return msg("decisions.message.not_yet", matter=matter, effective=effective)
    return msg("decisions.message.not_admitted", matter=matter)


def no_grant(
    roles: tuple[str, str], action: tuple[str, str], matter: tuple[str, str], emergency_only: bool
) -> Text:
    tail = msg("decisions.message.emergency_only_grant") if emergency_only else ""
    return msg("decisions.message.no_grant", roles=roles, action=action, matter=matter, tail=tail)


def out_of_scope(role: tuple[str, str], grid: str, scope: tuple[str, str], home: str) -> Text:
    return msg("decisions.message.out_of_scope", role=role, grid=grid, scope=scope, home=home)


def tier_too_low(
    role: tuple[str, str],
    role_tier: tuple[str, str],
    matter: tuple[str, str],
    tier: tuple[str, str],
) -> Text:
    return msg(
        "decisions.message.tier_too_low", role=role, role_tier=role_tier, matter=matter, tier=tier
    )


def role_constraint(
    role: tuple[str, str], attribute: str, must_be: object, area: str | None, description: str
) -> Text:
    want = str(must_be).lower() if isinstance(must_be, bool) else str(must_be)
    where = msg(f"decisions.message.constraint_area.{area}") if area else ""
    why = msg("decisions.message.constraint_why", description=description) if description else ""
    return msg(
        "decisions.message.role_constraint",
        role=role,
        attribute=attribute,
        want=want,
        where=where,
        why=why,
    )


def unknown(kind: str, value: str, hint: Text | None = None) -> Text:
    what = msg(f"decisions.message.unknown.{kind}")
    text = msg("decisions.message.unknown_thing", what=what, value=value)
    if hint is not None:
        text = msg("decisions.message.with_hint", text=text, hint=hint)
    return text
