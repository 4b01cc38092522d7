"""Starting a new jurisdiction from a bundled example (gridrules init)."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from gridrules.errors import GridrulesError
from gridrules.problems import Text
from gridrules.resources import policies_dir

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def bundled_examples() -> dict[str, str]:
    """Example folder name → its Chinese name."""
    out = {}
    for folder in sorted(policies_dir().iterdir()):
        meta = folder / "jurisdiction.yaml"
        if meta.is_file():
            data = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
            out[folder.name] = str(data.get("name", ""))
    return out


def init_jurisdiction(
    directory: str,
    source: str,
    *,
    new_id: str | None = None,
    new_name: str | None = None,
    lang: str = "en",
) -> Path:
    examples = bundled_examples()
    if source not in examples:
        raise GridrulesError(
            Text(
                f"没有名为 {source} 的示例；可选：{', '.join(examples)}",
                f"no bundled example {source!r}; choose one of: {', '.join(examples)}",
            ),
            lang=lang,
        )
    target = Path(directory)
    if target.exists():
        raise GridrulesError(
            Text(
                f"{directory} 已存在：init 不会覆盖已有文件",
                f"{directory} already exists: init never overwrites",
            ),
            lang=lang,
        )
    jurisdiction_id = new_id or re.sub(r"[^a-z0-9_]", "_", target.name.lower()).strip("_")
    if not _ID.match(jurisdiction_id):
        raise GridrulesError(
            Text(
                f"辖区标识 {jurisdiction_id!r} 须为小写英文字母开头（用 --id 指定）",
                f"jurisdiction id {jurisdiction_id!r} must be lower-case English (pass --id)",
            ),
            lang=lang,
        )
    chain = _chain(source)
    try:
        return _copy(chain, target, jurisdiction_id, new_name)
    except OSError as exc:  # a read-only disk, a file where a folder should be: one line
        raise GridrulesError(
            Text(
                f"无法创建 {directory}：{exc.strerror or exc}",
                f"cannot create {directory}: {exc.strerror or exc}",
            ),
            lang=lang,
        ) from None


def _copy(chain: list[Path], target: Path, jurisdiction_id: str, name: str | None) -> Path:
    # Copy into a temporary sibling first: a failure never leaves a half-made jurisdiction.
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        if len(chain) == 1:
            made = staging / "policy"
            shutil.copytree(chain[0], made)
            _retarget(made, jurisdiction_id, name)
            made.rename(target)
            return target
        # An example that extends others: copy the chain as sibling folders, so `extends`
        # keeps its meaning; the new jurisdiction is the last one.
        made = staging / "policies"
        for folder in chain:
            shutil.copytree(folder, made / folder.name)
        _retarget(made / chain[-1].name, jurisdiction_id, name)
        for folder in chain[:-1]:
            _fix_schema_lines(made / folder.name)
        made.rename(target)
        return target / chain[-1].name
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _chain(source: str) -> list[Path]:
    """The example and the examples it extends, root ancestor first."""
    chain = [policies_dir() / source]
    while True:
        meta = yaml.safe_load((chain[0] / "jurisdiction.yaml").read_text(encoding="utf-8")) or {}
        parent = meta.get("extends")
        if not parent:
            return chain
        chain.insert(0, (chain[0] / parent).resolve())


def _retarget(folder: Path, jurisdiction_id: str, name: str | None) -> None:
    meta = folder / "jurisdiction.yaml"
    text = meta.read_text(encoding="utf-8")
    # Replacements are functions: a name such as "a\1" is text, not a group reference.
    text = re.sub(r"(?m)^id:.*$", lambda _: f"id: {jurisdiction_id}", text, count=1)
    if name:
        text = re.sub(r"(?m)^name:.*$", lambda _: f"name: {_yaml_scalar(name)}", text, count=1)
    meta.write_text(text, encoding="utf-8")
    _fix_schema_lines(folder)


def _yaml_scalar(text: str) -> str:
    """`text` as a YAML value: plain when it reads back unchanged ("123", "a: b" do not)."""
    try:
        if yaml.safe_load(f"v: {text}") == {"v": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a double-quoted YAML one


def _fix_schema_lines(folder: Path) -> None:
    # Bundled examples point at ../../schemas/; a copy elsewhere points at the published URL.
    for path in folder.glob("*.y*ml"):
        text = path.read_text(encoding="utf-8")
        fixed = re.sub(
            r"\$schema=\S*/schemas/(\w+)\.schema\.json",
            r"$schema=https://gridrules.org/schemas/v1/\1.schema.json",
            text,
        )
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
