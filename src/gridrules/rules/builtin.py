"""Checks made while reading files and the schema check: documented like the semantic rules."""

from __future__ import annotations

from gridrules.problems import Level
from gridrules.rules.base import Examples, Rule

_BAD_TIERS_DUP = """\
kind: tiers
version: 1
tiers:
  - id: street
    name: 街道
    parent: null
    is_grid: false
    is_grid: true
"""

_DOCS = {
    "GR001": """The file is not valid YAML: bad indentation, an unclosed quote or bracket,
         a tab used for indentation. The position is where the parser gave up.
         YAML 语法错误：缩进、引号、括号不配对或用了制表符。""",
    "GR002": """A mapping states the same key twice. YAML parsers silently keep the last one and
         drop the first, so a policy could lose a rule without anyone noticing; gridrules refuses it.
         同一映射中键重复：普通 YAML 解析器会悄悄丢掉前一个，gridrules 直接报错。""",
    "GR003": """YAML files are limited to 20 MiB, 64 levels of nesting and 100,000 nodes reached
         again through aliases, so a hostile or accidental "billion laughs" file cannot exhaust memory. Large grid
         registries and rosters belong in CSV (`csv: grids.csv`).
         YAML 文件上限 20 MiB、嵌套 64 层、别名展开十万个节点；大型台账请用 CSV。""",
    "GR004": """Policy files must be UTF-8. A file saved as GBK/GB18030 is reported at the first
         byte that is not UTF-8; convert it with `iconv -f GB18030 -t UTF-8`.
         政策文件须为 UTF-8 编码。""",
    "GR005": """A path named on the command line, by `extends` or by `csv:` does not exist or
         cannot be read. 命令行、extends 或 csv 指向的路径不存在或不可读。""",
    "GR006": """`extends` must name a folder inside the policy root (by default the folder that
         holds the jurisdiction, or `--root`), and `csv:` a file inside the jurisdiction
         folder, so a policy cannot pull in files from elsewhere on the machine. Symlinks
         count where they lead: a YAML file, CSV or folder symlinked from outside the root
         is refused too.
         extends 与 csv 路径不得超出政策根目录。""",
    "GR007": """Every YAML document states `kind:` (jurisdiction, tiers, roles, matters,
         responsibilities, admission, escalation, party, emergency, grids, roster) and
         `version: 1`. 每个文档须声明 kind 与 version。""",
    "GR008": """A registry or roster CSV has a row with the wrong number of cells, a missing
         required column, or a cell of the wrong type (households must be a whole number,
         area urban or rural, attribute columns numbers). Every bad cell is reported.
         CSV 列数不符、缺少必需列或单元格类型错误。""",
    "GR009": """jurisdiction, escalation, party, emergency, grids and roster documents are
         singletons: a folder has at most one of each (lists such as tiers or matters may
         be split across files). jurisdiction、escalation 等文档每个辖区只能有一个。""",
    "GR010": """A policy folder needs a `kind: jurisdiction` document that names it; a folder
         given to validate, test or render must hold at least one jurisdiction (nested
         ones are found too), else "no jurisdiction in PATH".
         政策文件夹须有 kind: jurisdiction 文档；校验的文件夹中（含各级子文件夹）须至少有一个辖区。""",
    "GR011": """A policy file or folder exists but cannot be read: permission denied (on the
         file or a folder above it), a symlink loop, an I/O error. Reported at the
         reference that names it (`csv:`, `extends:`) or at the path itself.
         文件或文件夹存在但无法读取：权限不足、符号链接成环或读写错误。""",
    "GR012": """Policy files (`*.yaml`, the CSV a registry names) must be regular files: a FIFO,
         a socket, a character or block device (such as a symlink to `/dev/zero`) or a
         folder is refused before anything is read, so validation never hangs, never skips
         a file silently and never reads without end. Symlinks are followed only inside the
         policy root (GR006 otherwise).
         政策文件须为普通文件：命名管道、设备文件、套接字一律拒绝，不会挂起或跳过。""",
    "GR100": """Each document is checked against its JSON Schema (schemas/<kind>.schema.json,
         draft-07): required fields, allowed values, identifiers in lower-case English,
         durations such as 30m/2h/3d, dates as YYYY-MM-DD. Semantic rules run only when
         every document has the right shape.
         每个文档按其 JSON Schema 校验；结构无误后才做语义检查。""",
    "GR204": """A jurisdiction extends its parent, which may extend its own; the chain must end.
         A folder that (through others) extends itself is refused.
         extends 链不得成环。""",
}


def _reading(code: str, name: str, failing: dict[str, str | None] | None = None) -> Rule:
    """A check made while reading files: an error, shown failing on the files given (if any)."""
    examples = Examples(passing={}, failing=failing) if failing is not None else None
    return Rule(code, name, Level.ERROR, doc=_DOCS[code], examples=examples)


RULES: list[Rule] = [
    _reading("GR001", "yaml-syntax", {"matters.yaml": "kind: matters\nversion: 1\nmatters: [\n"}),
    _reading("GR002", "duplicate-key", {"tiers.yaml": _BAD_TIERS_DUP}),
    _reading(
        "GR003",
        "file-too-large",
        {
            "matters.yaml": "kind: matters\nversion: 1\n"
            + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 8)
            )
        },
    ),
    _reading("GR004", "not-utf8", {"matters.yaml": "kind: matters\nversion: 1\n# \udcb2\udcbb\n"}),
    _reading(
        "GR005", "missing-file", {"grids.yaml": "kind: grids\nversion: 1\ncsv: nowhere.csv\n"}
    ),
    _reading(
        "GR006",
        "path-escapes-root",
        {"grids.yaml": "kind: grids\nversion: 1\ncsv: ../../../../etc/passwd\n"},
    ),
    _reading("GR007", "unknown-kind", {"extra.yaml": "kind: duties\nversion: 1\n"}),
    _reading("GR008", "csv-format"),
    _reading("GR009", "duplicate-document", {"party2.yaml": "kind: party\nversion: 1\n"}),
    _reading("GR010", "no-jurisdiction", {"jurisdiction.yaml": None}),
    _reading("GR011", "unreadable-file"),
    _reading("GR012", "not-regular-file"),
    _reading(
        "GR100",
        "schema",
        {
            "roles.yaml": """\
kind: roles
version: 1
roles:
  - id: full_time_worker
    name: 专职网格员
    category: fulltime
    tier: grid
    scope: own_grid
"""
        },
    ),
    _reading("GR204", "extends-cycle"),
]
