"""Options shared by several commands."""

from __future__ import annotations

import click

lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of messages (default: zh where the locale is Chinese, else en). 输出语言",
)
