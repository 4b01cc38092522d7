"""The national emergency response levels (突发事件应急响应分级), defined once.

China's emergency law and the national overall emergency plan grade events
and responses in four levels, each with a warning colour: Ⅰ 特别重大 (red),
Ⅱ 重大 (orange), Ⅲ 较大 (yellow), Ⅳ 一般 (blue). Emergency plans in
`emergency.yaml` name the levels they use by these ids (I–IV); the schema's
enum, the handbooks and the service's activation API all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from gridrules.catalogue import msg, term
from gridrules.model import Names


@dataclass(frozen=True, slots=True)
class ResponseLevel:
    id: str  # "I" … "IV", as written in emergency.yaml
    numeral: Names  # Ⅰ级 / Level I
    grade: Names  # 特别重大 / extraordinarily serious
    colour: Names  # 红色 / red
    colour_id: str  # red, orange, yellow, blue (CSS class, machine use)

    def label(self, lang: str) -> str:
        """'Ⅰ级（特别重大，红色）' / 'Level I (extraordinarily serious, red)'."""
        numeral, grade, colour = ((n.zh, n.en) for n in (self.numeral, self.grade, self.colour))
        return msg("core.levels.label", numeral=numeral, grade=grade, colour=colour)(lang)


def _level(level_id: str, colour_id: str) -> ResponseLevel:
    numeral, grade, colour = (
        Names(*term(f"core.levels.{level_id}.{part}")) for part in ("numeral", "grade", "colour")
    )
    return ResponseLevel(level_id, numeral, grade, colour, colour_id)


RESPONSE_LEVELS: tuple[ResponseLevel, ...] = tuple(
    _level(level_id, colour_id)
    for level_id, colour_id in (("I", "red"), ("II", "orange"), ("III", "yellow"), ("IV", "blue"))
)

LEVEL_IDS: tuple[str, ...] = tuple(level.id for level in RESPONSE_LEVELS)
LEVEL_BY_ID: dict[str, ResponseLevel] = {level.id: level for level in RESPONSE_LEVELS}


def ordered(level_ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Level ids from the most serious (I) down, unknown ids last in their written order."""
    rank = {lid: i for i, lid in enumerate(LEVEL_IDS)}
    return tuple(sorted(level_ids, key=lambda lid: rank.get(lid, len(rank))))
