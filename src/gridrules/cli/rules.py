"""gridrules rules [CODE] — the rule reference: codes, levels and docs with examples."""

from __future__ import annotations

import click

from gridrules.cli.options import format_option, lang_option
from gridrules.lang import detect_lang


@click.command("rules")
@click.argument("code", required=False)
@format_option("text", "markdown")
@lang_option
@click.pass_context
def command(ctx: click.Context, code: str | None, fmt: str, lang: str | None) -> None:
    """List every rule code, or show one rule's documentation and examples.

    \b
    Exit codes: 0 shown; 2 usage error or unknown rule; 3 internal error.
    """
    from gridrules.catalogue import msg
    from gridrules.errors import GridrulesError
    from gridrules.rules import REGISTRY
    from gridrules.rules.docs import reference, rule_markdown, rules_table

    language = detect_lang(lang)
    if code is None:
        if fmt == "markdown":  # the whole reference, as committed in docs/rules.md
            click.echo(reference(), nl=False)
        else:
            click.echo(rules_table(language))
        return
    rule = REGISTRY.get(code.upper()) or next(
        (r for r in REGISTRY.values() if r.name == code), None
    )
    if rule is None:
        raise GridrulesError(msg("cli.rules.unknown", code=code), lang=language)
    click.echo(rule_markdown(rule))
