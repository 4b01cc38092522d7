"""Starting a new jurisdiction from a bundled example (gridrules init)."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from gridrules.catalogue import msg
from gridrules.errors import GridrulesError
from gridrules.resources import policies_dir, schemas_dir

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
            msg(
                "core.init.no_example",
                example=(source, repr(source)),
                choices=", ".join(examples),
            ),
            lang=lang,
        )
    target = Path(directory)
    if target.exists():
        raise GridrulesError(
            msg("core.init.exists", folder=directory),
            lang=lang,
        )
    jurisdiction_id = new_id or re.sub(r"[^a-z0-9_]", "_", target.name.lower()).strip("_")
    if not _ID.match(jurisdiction_id):
        raise GridrulesError(
            msg("core.init.bad_id", id=repr(jurisdiction_id)),
            lang=lang,
        )
    chain = _chain(source)
    try:
        return _copy(chain, target, jurisdiction_id, new_name)
    except OSError as exc:  # a read-only disk, a file where a folder should be: one line
        raise GridrulesError(
            msg("core.init.cannot_create", folder=directory, error=exc.strerror or exc),
            lang=lang,
        ) from None


def _copy(chain: list[Path], target: Path, jurisdiction_id: str, name: str | None) -> Path:
    """Copy the example to `target`; the examples it extends become siblings of `target`.

    So `init policies/wuhou --from chengdu-wuhou` makes `policies/wuhou` (the new
    jurisdiction, `extends: ../chengdu`) and `policies/chengdu` — both where
    `gridrules validate policies` (and so CI) finds them, and the parent inside the
    default policy root. A sibling that already holds the same jurisdiction (same id)
    is reused; any other folder in the way is an error. Everything is copied into a
    temporary sibling first: a failure never leaves a half-made jurisdiction.
    """
    parent_dir = target.parent
    parent_dir.mkdir(parents=True, exist_ok=True)
    ancestors: list[Path] = []
    for folder in chain[:-1]:
        existing = parent_dir / folder.name
        if existing.exists() and not _same_jurisdiction(existing, folder):
            raise GridrulesError(
                msg("core.init.in_the_way", existing=existing, example=folder.name)
            )
        if not existing.exists():
            ancestors.append(folder)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent_dir))
    moved: list[Path] = []
    try:
        made = staging / "policy"
        shutil.copytree(chain[-1], made)
        _retarget(made, jurisdiction_id, name, target)
        for folder in ancestors:
            copy = staging / folder.name
            shutil.copytree(folder, copy)
            _fix_schema_lines(copy, parent_dir / folder.name)
        for folder in ancestors:
            (staging / folder.name).rename(parent_dir / folder.name)
            moved.append(parent_dir / folder.name)
        made.rename(target)
        return target
    except BaseException:
        for folder in moved:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _same_jurisdiction(existing: Path, example: Path) -> bool:
    def jid(folder: Path) -> object:
        meta = folder / "jurisdiction.yaml"
        if not meta.is_file():
            return None
        data = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
        return data.get("id") if isinstance(data, dict) else None

    found = jid(existing)
    return found is not None and found == jid(example)


def _chain(source: str) -> list[Path]:
    """The example and the examples it extends, root ancestor first."""
    chain = [policies_dir() / source]
    while True:
        meta = yaml.safe_load((chain[0] / "jurisdiction.yaml").read_text(encoding="utf-8")) or {}
        parent = meta.get("extends")
        if not parent:
            return chain
        chain.insert(0, (chain[0] / parent).resolve())


def _retarget(folder: Path, jurisdiction_id: str, name: str | None, final: Path) -> None:
    meta = folder / "jurisdiction.yaml"
    text = meta.read_text(encoding="utf-8")
    # Replacements are functions: a name such as "a\1" is text, not a group reference.
    text = re.sub(r"(?m)^id:.*$", lambda _: f"id: {jurisdiction_id}", text, count=1)
    if name:
        text = re.sub(r"(?m)^name:.*$", lambda _: f"name: {_yaml_scalar(name)}", text, count=1)
    meta.write_text(text, encoding="utf-8")
    _fix_schema_lines(folder, final)


def _yaml_scalar(text: str) -> str:
    """`text` as a YAML value: plain when it reads back unchanged ("123", "a: b" do not)."""
    try:
        if yaml.safe_load(f"v: {text}") == {"v": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a double-quoted YAML one


def schema_ref(kind: str, folder: Path) -> str:
    """The `$schema` value for a file in `folder`: a relative path to the shipped schema,
    so editors resolve it offline (a file: URI when no relative path exists)."""
    schema = schemas_dir() / f"{kind}.schema.json"
    try:
        return Path(os.path.relpath(schema, os.path.abspath(folder))).as_posix()
    except ValueError:  # another drive (Windows)
        return schema.resolve().as_uri()


def _fix_schema_lines(folder: Path, final: Path) -> None:
    # Point every `$schema` line at the shipped schemas, relative to where the file will live.
    for path in folder.rglob("*.y*ml"):  # the policy files and its tests/ suites
        text = path.read_text(encoding="utf-8")
        lives_in = final / path.parent.relative_to(folder)

        def pointed(m: re.Match[str], where: Path = lives_in) -> str:
            return f"$schema={schema_ref(m.group(1), where)}"

        fixed = re.sub(r"\$schema=\S*?(\w+)\.schema\.json", pointed, text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
