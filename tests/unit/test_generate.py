"""The generator: golden files for the seed corpus, same bytes every time, writes only what changed,
and no value from the corpus ever reaches the page as live HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from generator import build
from generator.build import write_tree
from generator.pages import Index, all_pages
from generator.validate import validate_file, validate_text
from tests.project import SITE_URL, copy_project

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "seed"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def seed():
    result = validate_file(ROOT / "policies.yaml")
    assert result.ok
    return result.corpus


def render_pages(corpus, ix=None, pages=None):
    """The pages as the golden files hold them: the project's site_url, no published 試験結果 and no git
    history (the golden pages do not depend on the last accessibility run; see tools/update_golden.py)."""
    return build.render_pages(corpus, ix, pages, site_url=SITE_URL)


def test_generated_markdown_matches_golden_files(seed):
    files = render_pages(seed)
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*.md")}
    assert sorted(files) == sorted(golden), "ページの一覧が変わりました: python tools/update_golden.py で更新し、差分を確認してください"
    for path, data in files.items():
        assert data == golden[path], f"{path} が golden と違います: python tools/update_golden.py で更新し、差分を確認してください"


def test_same_input_gives_the_same_bytes(seed):
    again = validate_file(ROOT / "policies.yaml").corpus
    assert render_pages(seed) == render_pages(again)


def test_every_page_kind_has_a_template_and_a_golden_page(seed):
    templates = {p.name for p in (ROOT / "generator" / "templates").glob("*.md.j2") if not p.name.startswith("_")}
    used = {page.template for page in all_pages(Index(seed))}
    assert used == templates  # no unused template, no page kind without one
    for name in templates:
        assert any(f"generator/templates/{name}" in p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")), name


def test_every_generated_page_starts_with_front_matter_and_the_do_not_edit_notice(seed):
    for path, data in render_pages(seed).items():
        text = data.decode("utf-8")
        assert text.startswith("---\ntitle: "), path
        assert "自動生成されたファイルです。編集しないでください。" in text.split("\n---\n", 1)[1].splitlines()[0], path


def test_every_template_expression_is_escaped():
    """Convention: every {{ … }} that prints a value ends in an escaping filter (or is a macro/link call, or
    caller(): a call block's own template text, whose values are escaped where they are printed)."""
    allowed = re.compile(r"\|\s*(md|attr|url|yaml|jdate)\s*$|^(m\.\w+|link|href|notice|super|centre|items|bullets|links|figure|plan_label|breadcrumb|project_body|cards|meta|contact|caller)\b|^(loop\.index|h|crumbs \| length \+ 1)$")
    for tpl in (ROOT / "generator" / "templates").glob("*.j2"):
        for expr in re.findall(r"{{(.*?)}}", tpl.read_text(encoding="utf-8"), flags=re.S):
            expr = expr.strip().rstrip("-").strip()
            assert allowed.search(expr), f"{tpl.name}: {{{{ {expr} }}}} is not escaped"


def test_write_tree_writes_only_changed_files_and_removes_stale_ones(tmp_path):
    out = tmp_path / "docs"
    assert write_tree(out, {"a.md": b"1", "d/b.md": b"2"}) == (2, 0)
    before = (out / "a.md").stat().st_mtime_ns
    assert write_tree(out, {"a.md": b"1", "d/c.md": b"3"}) == (1, 1)
    assert (out / "a.md").stat().st_mtime_ns == before
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["a.md", "d/c.md"]
    assert not (out / "d" / "b.md").exists()


def test_generate_writes_nothing_and_keeps_old_output_when_the_corpus_is_invalid(tmp_path, capsys):
    out = tmp_path / "docs"
    project = copy_project(tmp_path / "project")
    assert build.generate(project, FIXTURES / "minimal.yaml", out_dir=out, quiet=True) == 0
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert build.generate(project, FIXTURES / "invalid" / "many-errors.yaml", out_dir=out, quiet=True) == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot
    assert "エラー 4 件" in capsys.readouterr().out


# --------------------------------------------------------------------------- escaping

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "text {: onclick=alert(1) }",
    "**bold** _em_ `code` # not a heading",
    "<!-- comment --> &amp; &lt;b&gt;",
    "1. not a list\n- nor this",
    "| a | b |\n|---|---|",
    "<div markdown>*x*</div>",
    "]:",  # found by hypothesis: "- [\\]:](url)" was read as a link reference definition and the link vanished
    "[ref]: https://example.com/ \"title\"",
]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _hostile_corpus(value: str):
    data = yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))

    def poison(node):
        if isinstance(node, dict):
            return {k: (value if k in {"title", "name", "purpose", "text", "description", "hours", "label", "number",
                                       "number_label", "code", "address"} and isinstance(v, str) else poison(v))
                    for k, v in node.items()}
        if isinstance(node, list):
            return [value if isinstance(v, str) and not re.fullmatch(r"[a-z0-9-]+", v) else poison(v) for v in node]
        return node

    text = yaml.safe_dump(poison(data), allow_unicode=True)
    result = validate_text(text)
    assert result.ok, [p.format() for p in result.problems]
    return result.corpus


def _tags(corpus) -> dict[str, list]:
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    exts = [e if isinstance(e, str) else next(iter(e)) for e in cfg["markdown_extensions"]]
    out = {}
    for path, data in render_pages(corpus).items():
        body = data.decode("utf-8").split("\n---\n", 1)[1]
        parser = _Collect()
        parser.feed(markdown.markdown(body, extensions=exts))
        out[path] = parser.tags
    return out


@pytest.mark.parametrize("value", HOSTILE)
def test_no_corpus_value_becomes_html(value: str):
    """Pages made from hostile values have exactly the elements and attributes of pages made from
    harmless text: nothing in a value ever becomes markup."""
    baseline = _tags(_hostile_corpus("ふつうの文"))
    hostile = _tags(_hostile_corpus(value))
    assert sorted(hostile) == sorted(baseline)
    for path, tags in hostile.items():
        assert [(t, sorted(a)) for t, a in tags] == [(t, sorted(a)) for t, a in baseline[path]], path
        for tag, attrs in tags:
            assert not any(k.startswith("on") for k in attrs), (path, attrs)
            assert not any("javascript:" in (v or "") for v in attrs.values()), (path, attrs)


def test_parallel_rendering_gives_the_same_bytes_in_the_same_order(seed, monkeypatch):
    sequential = render_pages(seed)
    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    parallel = render_pages(seed)
    assert list(parallel.items()) == list(sequential.items())


# --------------------------------------------------------------------------- record lists (issue #11)


def _links(text: str, from_path: str) -> set[str]:
    """Every link of a generated page (raw-HTML href and Markdown link), as site paths."""
    import posixpath

    from generator.render import url_of

    base = url_of(from_path)
    out = set()
    for target in re.findall(r'href="([^"#]+)"', text) + re.findall(r"\]\(([^)#]+\.md)\)", text):
        if target.startswith(("mailto:", "tel:", "http")) or target == "index.json":
            continue
        if target.endswith(".md"):  # Markdown link: relative to the file
            out.add(url_of(posixpath.normpath(posixpath.join(posixpath.dirname(from_path), target))))
        else:
            path = posixpath.normpath(posixpath.join(base, target))
            out.add("" if path == "." else path + "/")
    return out


def test_long_lists_get_one_page_per_plan_and_policy(seed, monkeypatch):
    """Above LIST_INLINE_LIMIT entries a list's index links to one page per 計画期間 × 基本政策; the group
    pages hold every entry once, empty groups get no page, and every link lands on a generated page."""
    from generator import pages
    from generator.model import Project
    from generator.render import url_of

    monkeypatch.setattr(pages, "LIST_INLINE_LIMIT", 5)
    ix = Index(seed)
    all_ = all_pages(ix)
    files = {path: data.decode("utf-8") for path, data in render_pages(seed, ix, all_).items()}
    urls = {url_of(p.path) for p in all_}
    assert {"jigyo/plan-2011/sanka-kyodo-shimin-jichi.md", "torikumi/plan-2011/sanka-kyodo-shimin-jichi.md",
            "shisaku/plan-2011/sanka-kyodo-shimin-jichi.md", "torikumi/plan-2008/sanka-kyodo-shimin-jichi.md"} <= set(files)
    assert not any(p.startswith("jigyo/plan-2008/") or "/sogo-keikaku/" in p for p in files)  # no 事業 there: no page
    index = files["jigyo/index.md"]
    assert 'href="../jigyo/plan-2011/sanka-kyodo-shimin-jichi/"' in index and "（25 件）" in index
    assert "jigyo/jumin-tohyo-seido" not in index  # the index lists groups, not 事業
    group = files["jigyo/plan-2011/sanka-kyodo-shimin-jichi.md"]
    own = [p.id for p in ix.projects.values() if isinstance(p, Project)]
    for pid in own:
        assert group.count(f'href="../../../jigyo/{pid}/"') == 1, pid
    for path in [p for p in files if p.split("/")[0] in pages.LIST_KINDS]:
        assert _links(files[path], path) <= urls, path


def test_list_pages_stay_small_at_10000_projects(tmp_path):
    """A proxy for the first-visit budget (≤ 70 KB gzip with ~31 KB of CSS and script): at 10,000 事業 no
    list or group page's Markdown exceeds 40 KB. bench/list_weight.py measures the real first visit."""
    from generator import pages
    from generator.synth import write

    corpus = validate_file(write(10000, tmp_path / "big.yaml", ROOT / "policies.yaml")).corpus
    ix = Index(corpus)
    lists = [pages.record_list(ix, kind) for kind in pages.LIST_KINDS]
    groups = [pages.record_list_group(ix, g) for kind in pages.LIST_KINDS for g in ix.list_groups(kind) if g.count]
    assert all(ix.list_is_split(kind) for kind in pages.LIST_KINDS) and len(groups) >= 150
    sizes = {path: len(data) for path, data in render_pages(corpus, ix, lists + groups).items()}
    assert max(sizes.values()) < 40_000, max(sizes.items(), key=lambda kv: kv[1])
