"""The national emergency response levels (突发事件应急响应分级), defined once.

China's emergency law and the national overall emergency plan grade events
and responses in four levels, each with a warning colour: Ⅰ 特别重大 (red),
Ⅱ 重大 (orange), Ⅲ 较大 (yellow), Ⅳ 一般 (blue). Emergency plans in
`emergency.yaml` name the levels they use by these ids (I–IV); the schema's
enum, the handbooks and the service's activation API all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        if lang == "en":
            return f"{self.numeral.en} ({self.grade.en}, {self.colour.en})"
        return f"{self.numeral.zh}（{self.grade.zh}，{self.colour.zh}）"


RESPONSE_LEVELS: tuple[ResponseLevel, ...] = (
    ResponseLevel(
        "I", Names("Ⅰ级", "Level I"), Names("特别重大", "extraordinarily serious"),
        Names("红色", "red"), "red",
    ),
    ResponseLevel(
        "II", Names("Ⅱ级", "Level II"), Names("重大", "major"),
        Names("橙色", "orange"), "orange",
    ),
    ResponseLevel(
        "III", Names("Ⅲ级", "Level III"), Names("较大", "significant"),
        Names("黄色", "yellow"), "yellow",
    ),
    ResponseLevel(
        "IV", Names("Ⅳ级", "Level IV"), Names("一般", "general"),
        Names("蓝色", "blue"), "blue",
    ),
)  # fmt: skip

LEVEL_IDS: tuple[str, ...] = tuple(level.id for level in RESPONSE_LEVELS)
LEVEL_BY_ID: dict[str, ResponseLevel] = {level.id: level for level in RESPONSE_LEVELS}


def ordered(level_ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Level ids from the most serious (I) down, unknown ids last in their written order."""
    rank = {lid: i for i, lid in enumerate(LEVEL_IDS)}
    return tuple(sorted(level_ids, key=lambda lid: rank.get(lid, len(rank))))
