"""The one Jinja2 environment factory for handbooks.

- StrictUndefined: a misspelt variable fails the render instead of printing an
  empty line in a printed handbook.
- Autoescape for HTML, SVG and XML: policy text is data, never markup.
- When a jurisdiction ships templates (`<jurisdiction>/templates/`, nearest
  jurisdiction first, then the ones it extends), they override the defaults by
  file name and *every* template renders in Jinja's immutable sandbox, so a
  supplied template cannot reach outside the view data it is given, nor
  exhaust time or memory (render/sandbox.py).
- Filters are registered here and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from gridrules.catalogue import msg
from gridrules.lang import separator
from gridrules.render.sandbox import BoundedSandbox
from gridrules.resources import templates_dir

TEMPLATE_FOLDER = "templates"  # inside a jurisdiction folder


def css_string(value: str) -> Markup:
    """A CSS string literal (for @page content), escaped so data cannot end it."""
    out = []
    for char in str(value):
        if char in '"\\' or ord(char) < 0x20 or char in "<>&":
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return Markup('"' + "".join(out) + '"')


def json_script(value: Any) -> Markup:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _zh_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


def _filters(lang: str) -> dict[str, Callable[..., Any]]:
    sep = separator(lang)

    def join_list(items: Iterable[Any]) -> str:
        return sep.join(str(i) for i in items if i)

    def or_dash(value: Any) -> Any:
        return value if value not in (None, "", (), []) else "—"

    def chapter_no(number: int) -> str:
        return msg("render.chapter_no", number=(_zh_number(number), str(number)))(lang)

    def tel(number: str) -> str:
        """A phone number as a tel: link target: digits and a leading +, nothing else."""
        text = str(number)
        return ("+" if text.strip().startswith("+") else "") + "".join(
            c for c in text if c.isdigit()
        )

    return {
        "tel": tel,
        "chapter_no": chapter_no,
        "css_string": css_string,
        "json_script": json_script,
        "join_list": join_list,
        "or_dash": or_dash,
    }


def jurisdiction_template_dirs(policy_files: Sequence[str]) -> list[Path]:
    """`templates/` folders of the jurisdiction and its parents, nearest first."""
    folders: list[Path] = []
    for name in policy_files:  # parents' files first, the jurisdiction's own last
        path = Path(name)
        if path.suffix in (".yaml", ".yml"):
            folder = path.parent.resolve()
            if folder not in folders:
                folders.append(folder)
    return [f / TEMPLATE_FOLDER for f in reversed(folders) if (f / TEMPLATE_FOLDER).is_dir()]


def make_environment(lang: str, overrides: Sequence[Path] = ()) -> Environment:
    """The handbook environment; sandboxed whenever `overrides` supplies templates."""
    loaders = [FileSystemLoader([str(p) for p in overrides])] if overrides else []
    loaders.append(FileSystemLoader(str(templates_dir())))
    cls = BoundedSandbox if overrides else Environment
    env = cls(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "svg", "xml"), default_for_string=True, default=True
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(_filters(lang))
    return env


def is_sandboxed(env: Environment) -> bool:
    return isinstance(env, ImmutableSandboxedEnvironment)
