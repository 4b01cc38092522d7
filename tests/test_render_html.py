"""The HTML site: pages, golden output, escaping, templates, and a real browser."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from jinja2 import UndefinedError

from gridrules.policy import load_policy
from gridrules.render import RenderError, render_handbook
from gridrules.render.environment import is_sandboxed, make_environment

from render_support import (
    CHROMIUM,
    EXAMPLE_BASE,
    FIXED_VERSION,
    GOLDEN,
    POLICIES,
    UPDATE_GOLDEN,
    bundled,
    flagged_as_example,
    load,
    options,
)

SMALL = Path(__file__).resolve().parent / "fixtures" / "render" / "small"
GOLDEN_PAGES = (
    "index.html",
    "manual.html",
    "cards/full_time_worker.html",
    "checklists/full_time_worker.html",
    "notices/S01C01G01.html",
    "assets/search-index.js",
)


def render_html(folder: Path, out: Path, **kwargs: object) -> Path:
    render_handbook(load(folder), out, options(formats=("html",), **kwargs))
    return out


def test_site_pages_and_provenance(tmp_path: Path) -> None:
    out = render_html(EXAMPLE_BASE, tmp_path / "site")
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert pages == [
        "cards/community_leader.html",
        "cards/full_time_worker.html",
        "cards/grid_party_member.html",
        "cards/street_cadre.html",
        "checklists/community_leader.html",
        "checklists/full_time_worker.html",
        "index.html",
        "manual.html",
        "notices/S01C01.html",
        "notices/S01C01G01.html",
        "notices/S01C01G02.html",
    ]
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # every page states the jurisdiction, the policy version (hash and commit) and the date
        assert "示例街道" in text and FIXED_VERSION.hash in text, page
        assert "git fedcba9876" in text and "2025年1月15日" in text, page
        assert '<html lang="zh-CN">' in text
        # links stay relative so the site works from file:// and any server
        assert not re.search(r'(href|src)="/', text), page
    manifest = json.loads((out / "gridrules-handbook.json").read_text(encoding="utf-8"))
    assert manifest["policy_version"]["hash"] == FIXED_VERSION.hash
    assert "manual.html" in manifest["files"]


def test_search_index_lists_matters_and_roles(tmp_path: Path) -> None:
    out = render_html(EXAMPLE_BASE, tmp_path / "site")
    script = (out / "assets" / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.GRIDRULES_SEARCH = "
    assert script.startswith(prefix)
    entries = json.loads(script[len(prefix) :].rstrip().rstrip(";"))
    kinds = {(e["kind"], e["name"]) for e in entries}
    assert ("matter", "邻里纠纷") in kinds and ("role", "专职网格员") in kinds
    for entry in entries:
        assert (out / entry["url"].split("#")[0]).is_file()


def test_policy_text_is_data_not_template_or_markup(
    tmp_path: Path, make_policy: Callable[..., Path]
) -> None:
    matters = (EXAMPLE_BASE / "matters.yaml").read_text(encoding="utf-8")
    matters = matters.replace("name: 邻里纠纷", "name: \"{{ 7*7 }}<script>alert('x')</script>\"")
    out = render_html(make_policy({"matters.yaml": matters}), tmp_path / "site")
    manual = (out / "manual.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in manual
    assert "49" not in re.sub(r"<[^>]+>", "", manual).split("{{ 7*7 }}")[0][-5:]
    assert "<script>alert" not in manual
    index = (out / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert "<script>" not in index and "{{ 7*7 }}" in index


def test_golden_html(tmp_path: Path) -> None:
    out = render_html(SMALL, tmp_path / "site")
    for name in GOLDEN_PAGES:
        produced = (out / name).read_text(encoding="utf-8")
        golden = GOLDEN / "small" / name
        if UPDATE_GOLDEN:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(produced, encoding="utf-8")
            continue
        assert golden.is_file(), f"{golden} missing: run with GRIDRULES_UPDATE_GOLDEN=1"
        assert produced == golden.read_text(encoding="utf-8"), (
            f"{name} differs from {golden}; if the change is intended, "
            "regenerate with GRIDRULES_UPDATE_GOLDEN=1"
        )


def test_environment_is_strict_and_escapes() -> None:
    env = make_environment("zh")
    assert not is_sandboxed(env)
    with pytest.raises(UndefinedError):
        env.from_string("{{ meta.jurisdiction }}").render()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert (
        env.from_string("{{ x|css_string }}").render(x='a"</style>') == '"a\\22 \\3c /style\\3e "'
    )


def test_jurisdiction_templates_override_by_name_in_a_sandbox(
    tmp_path: Path, make_policy: Callable[..., Path]
) -> None:
    folder = make_policy(
        {
            "templates/cards.html": (
                '{% extends "layout.html" %}{% block content %}'
                "{% for card in cards %}<p class=custom>本辖区职责卡：{{ card.name }}</p>{% endfor %}"
                "{% endblock %}"
            ),
            "templates/assets/handbook.css": "body { color: #123456; }",
        }
    )
    out = render_html(folder, tmp_path / "site")
    card = (out / "cards" / "full_time_worker.html").read_text(encoding="utf-8")
    assert "本辖区职责卡：专职网格员" in card
    assert "#123456" in (out / "assets" / "handbook.css").read_text(encoding="utf-8")
    # the other templates are still the defaults
    assert "基层操作手册" in (out / "manual.html").read_text(encoding="utf-8")


def test_a_supplied_template_cannot_reach_outside_its_data(
    tmp_path: Path, make_policy: Callable[..., Path]
) -> None:
    folder = make_policy(
        {"templates/index.html": "{{ meta.__class__.__mro__[1].__subclasses__() }}"}
    )
    out = tmp_path / "site"
    with pytest.raises(RenderError) as info:
        render_html(folder, out)
    assert "unsafe" in str(info.value.message) or "模板不安全" in str(info.value.message)
    assert not out.exists()
    assert not list(tmp_path.glob(".site.partial-*"))  # nothing half-written is left


def test_a_misspelt_variable_fails_with_its_template_and_line(
    tmp_path: Path, make_policy: Callable[..., Path]
) -> None:
    folder = make_policy({"templates/index.html": "line one\n{{ meta.jurisdicton }}\n"})
    with pytest.raises(RenderError) as info:
        render_html(folder, tmp_path / "site")
    assert "index.html:2" in str(info.value.message)


@pytest.mark.parametrize("folder", bundled(), ids=lambda p: p.name)
def test_every_bundled_jurisdiction_renders_as_html(folder: Path, tmp_path: Path) -> None:
    out = render_html(folder, tmp_path / "site")
    policy = load(folder)
    assert (out / "index.html").is_file() and (out / "manual.html").is_file()
    assert len(list((out / "cards").glob("*.html"))) == len(policy.roles)
    manual = (out / "manual.html").read_text(encoding="utf-8")
    for role in policy.roles:
        assert role.names.zh in manual
    for matter in policy.matters:
        assert matter.names.zh.replace("&", "&amp;") in manual


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium not installed (scripts/setup --test)"
)
def test_site_loads_in_headless_chromium(tmp_path: Path) -> None:
    out = render_html(EXAMPLE_BASE, tmp_path / "site")
    url = (out / "index.html").as_uri() + "?q=" + quote("纠纷")
    dom = _chromium(["--virtual-time-budget=3000", "--dump-dom", url], tmp_path / "profile")
    assert dom.returncode == 0, dom.stderr[-2000:]
    # the search script ran from file://, read its index and filled in the results
    results = re.search(r'<ul id="search-results"[^>]*>(.*?)</ul>', dom.stdout, re.S)
    assert results is not None, dom.stdout[-2000:]
    assert 'data-count="1"' in results.group(0) and "邻里纠纷" in results.group(1)
    # no console output at all: no uncaught error, no failed script load
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console
    shot = tmp_path / "index.png"
    result = _chromium(
        ["--window-size=1200,900", f"--screenshot={shot}", (out / "manual.html").as_uri()],
        tmp_path / "profile2",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 10_000


# --- example policies: 示例 on every page's cover and footer --------------------------

FOOTERS = re.compile(r'<footer class="(?:site-foot|sheet-foot)">\s*(?:<span>)?([^<]*)')
SHEET_KINDS = re.compile(r'<div class="sheet-kind">(.*?)</div>')


def _pages(out: Path) -> list[tuple[str, str]]:
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 8  # index, manual, cards, checklists, notices
    return [(p.relative_to(out).as_posix(), p.read_text(encoding="utf-8")) for p in pages]


@pytest.mark.parametrize(("lang", "mark"), [("zh", "示例"), ("en", "Example")])
def test_an_example_policy_says_so_on_every_page(
    tmp_path: Path, make_policy: Callable[..., Path], lang: str, mark: str
) -> None:
    folder = make_policy({"jurisdiction.yaml": flagged_as_example(SMALL)}, base=SMALL)
    out = render_html(folder, tmp_path / "site", lang=lang)
    for name, text in _pages(out):
        # the head of every page, and every footer on it, carry the mark
        assert '<span class="example-tag" title="' in text, name
        footers = FOOTERS.findall(text)
        assert footers and all(f.startswith(f"{mark} · ") for f in footers), (name, footers)
        # every printed sheet (card, checklist, notice) marks its own head, its "cover"
        for kind in SHEET_KINDS.findall(text):
            assert kind.startswith(f'<span class="example-tag">{mark}</span>'), (name, kind)
        if name.startswith(("cards/", "checklists/", "notices/")):
            assert SHEET_KINDS.findall(text), name
    for cover in ("index.html", "manual.html"):
        text = (out / cover).read_text(encoding="utf-8")
        assert f'<div class="example-banner">{mark}</div>' in text, cover
        assert 'class="example-note"' in text, cover


def test_a_policy_not_flagged_as_example_carries_no_mark(tmp_path: Path) -> None:
    out = render_html(SMALL, tmp_path / "site")
    for name, text in _pages(out):
        assert "example-tag" not in text and "example-banner" not in text, name
        assert "example-note" not in text, name
        footers = FOOTERS.findall(text)
        assert footers and not any(f.startswith("示例 · ") for f in footers), (name, footers)


def test_every_bundled_policy_with_invented_data_is_flagged() -> None:
    """The bundled jurisdictions carry invented names, phone numbers and dates: each says
    so, and none cites a document number (文号) that nobody has verified."""
    number = re.compile(r"〔20[0-9]{2}〕[0-9]+号")
    folders = [f for f in sorted(POLICIES.iterdir()) if (f / "jurisdiction.yaml").is_file()]
    assert folders
    for folder in folders:
        result = load_policy(folder, rules=False)
        assert result.policy is not None, folder
        assert result.policy.jurisdiction.settings.example, folder.name
        for path in folder.rglob("*"):
            if path.suffix in (".yaml", ".csv"):
                hits = number.findall(path.read_text(encoding="utf-8"))
                assert not hits, (path, hits)
