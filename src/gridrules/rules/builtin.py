"""Checks made while reading files and the schema check: documented like the semantic rules."""

from __future__ import annotations

from gridrules.problems import Level, Text
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

RULES: list[Rule] = [
    Rule(
        "GR001",
        "yaml-syntax",
        Level.ERROR,
        Text("YAML 语法错误", "YAML syntax error"),
        doc="""The file is not valid YAML: bad indentation, an unclosed quote or bracket,
         a tab used for indentation. The position is where the parser gave up.
         YAML 语法错误：缩进、引号、括号不配对或用了制表符。""",
        examples=Examples(
            passing={}, failing={"matters.yaml": "kind: matters\nversion: 1\nmatters: [\n"}
        ),
    ),
    Rule(
        "GR002",
        "duplicate-key",
        Level.ERROR,
        Text("重复的键", "duplicate mapping key"),
        doc="""A mapping states the same key twice. YAML parsers silently keep the last one and
         drop the first, so a policy could lose a rule without anyone noticing; gridrules refuses it.
         同一映射中键重复：普通 YAML 解析器会悄悄丢掉前一个，gridrules 直接报错。""",
        examples=Examples(passing={}, failing={"tiers.yaml": _BAD_TIERS_DUP}),
    ),
    Rule(
        "GR003",
        "file-too-large",
        Level.ERROR,
        Text("文件过大或别名展开过多", "file too large, or too many aliases expanded"),
        doc="""YAML files are limited to 20 MiB, 64 levels of nesting and 100,000 nodes reached
         again through aliases, so a hostile or accidental "billion laughs" file cannot exhaust memory. Large grid
         registries and rosters belong in CSV (`csv: grids.csv`).
         YAML 文件上限 20 MiB、嵌套 64 层、别名展开十万个节点；大型台账请用 CSV。""",
        examples=Examples(
            passing={},
            failing={
                "matters.yaml": "kind: matters\nversion: 1\n"
                + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
                + "".join(
                    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 8)
                )
            },
        ),
    ),
    Rule(
        "GR004",
        "not-utf8",
        Level.ERROR,
        Text("文件不是 UTF-8 编码", "file is not UTF-8"),
        doc="""Policy files must be UTF-8. A file saved as GBK/GB18030 is reported at the first
         byte that is not UTF-8; convert it with `iconv -f GB18030 -t UTF-8`.
         政策文件须为 UTF-8 编码。""",
        examples=Examples(
            passing={}, failing={"matters.yaml": "kind: matters\nversion: 1\n# \udcb2\udcbb\n"}
        ),
    ),
    Rule(
        "GR005",
        "missing-file",
        Level.ERROR,
        Text("文件或文件夹不存在", "file or folder missing"),
        doc="""A path named on the command line, by `extends` or by `csv:` does not exist or
         cannot be read. 命令行、extends 或 csv 指向的路径不存在或不可读。""",
        examples=Examples(
            passing={}, failing={"grids.yaml": "kind: grids\nversion: 1\ncsv: nowhere.csv\n"}
        ),
    ),
    Rule(
        "GR006",
        "path-escapes-root",
        Level.ERROR,
        Text("路径超出政策根目录", "path leaves the policy root"),
        doc="""`extends` must name a folder inside the policy root (by default the folder that
         holds the jurisdiction, or `--root`), and `csv:` a file inside the jurisdiction
         folder, so a policy cannot pull in files from elsewhere on the machine. Symlinks
         count where they lead: a YAML file, CSV or folder symlinked from outside the root
         is refused too.
         extends 与 csv 路径不得超出政策根目录。""",
        examples=Examples(
            passing={},
            failing={"grids.yaml": "kind: grids\nversion: 1\ncsv: ../../../../etc/passwd\n"},
        ),
    ),
    Rule(
        "GR007",
        "unknown-kind",
        Level.ERROR,
        Text("文档类型未声明或未知", "document kind missing or unknown"),
        doc="""Every YAML document states `kind:` (jurisdiction, tiers, roles, matters,
         responsibilities, admission, escalation, party, emergency, grids, roster) and
         `version: 1`. 每个文档须声明 kind 与 version。""",
        examples=Examples(passing={}, failing={"extra.yaml": "kind: duties\nversion: 1\n"}),
    ),
    Rule(
        "GR008",
        "csv-format",
        Level.ERROR,
        Text("CSV 格式或取值错误", "CSV format or value error"),
        doc="""A registry or roster CSV has a row with the wrong number of cells, a missing
         required column, or a cell of the wrong type (households must be a whole number,
         area urban or rural, attribute columns numbers). Every bad cell is reported.
         CSV 列数不符、缺少必需列或单元格类型错误。""",
        examples=None,
    ),
    Rule(
        "GR009",
        "duplicate-document",
        Level.ERROR,
        Text("同类文档重复", "document kind given twice"),
        doc="""jurisdiction, escalation, party, emergency, grids and roster documents are
         singletons: a folder has at most one of each (lists such as tiers or matters may
         be split across files). jurisdiction、escalation 等文档每个辖区只能有一个。""",
        examples=Examples(passing={}, failing={"party2.yaml": "kind: party\nversion: 1\n"}),
    ),
    Rule(
        "GR010",
        "no-jurisdiction",
        Level.ERROR,
        Text("缺少辖区文档", "no jurisdiction document"),
        doc="""A policy folder needs a `kind: jurisdiction` document that names it; a folder
         given to validate, test or render must hold at least one jurisdiction (nested
         ones are found too), else "no jurisdiction in PATH".
         政策文件夹须有 kind: jurisdiction 文档；校验的文件夹中（含各级子文件夹）须至少有一个辖区。""",
        examples=Examples(passing={}, failing={"jurisdiction.yaml": None}),
    ),
    Rule(
        "GR011",
        "unreadable-file",
        Level.ERROR,
        Text("文件或文件夹无法读取", "file or folder cannot be read"),
        doc="""A policy file or folder exists but cannot be read: permission denied (on the
         file or a folder above it), a symlink loop, an I/O error. Reported at the
         reference that names it (`csv:`, `extends:`) or at the path itself.
         文件或文件夹存在但无法读取：权限不足、符号链接成环或读写错误。""",
        examples=None,
    ),
    Rule(
        "GR012",
        "not-regular-file",
        Level.ERROR,
        Text("不是普通文件", "not a regular file"),
        doc="""Policy files (`*.yaml`, the CSV a registry names) must be regular files: a FIFO,
         a socket, a character or block device (such as a symlink to `/dev/zero`) or a
         folder is refused before anything is read, so validation never hangs, never skips
         a file silently and never reads without end. Symlinks are followed only inside the
         policy root (GR006 otherwise).
         政策文件须为普通文件：命名管道、设备文件、套接字一律拒绝，不会挂起或跳过。""",
        examples=None,
    ),
    Rule(
        "GR100",
        "schema",
        Level.ERROR,
        Text("不符合文档结构（JSON Schema）", "does not match the document schema"),
        doc="""Each document is checked against its JSON Schema (schemas/<kind>.schema.json,
         draft-07): required fields, allowed values, identifiers in lower-case English,
         durations such as 30m/2h/3d, dates as YYYY-MM-DD. Semantic rules run only when
         every document has the right shape.
         每个文档按其 JSON Schema 校验；结构无误后才做语义检查。""",
        examples=Examples(
            passing={},
            failing={
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
    ),
    Rule(
        "GR204",
        "extends-cycle",
        Level.ERROR,
        Text("extends 形成循环", "extends forms a cycle"),
        doc="""A jurisdiction extends its parent, which may extend its own; the chain must end.
         A folder that (through others) extends itself is refused.
         extends 链不得成环。""",
        examples=None,
    ),
]
