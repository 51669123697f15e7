"""A second, differently named city (issue #13): みどり市, made with ``portal init`` plus a few records (made-up
test data), built with ``portal build``. No page may say 川崎, the city's own name must be where the tool used
to write 川崎市, and the accessibility suite (tests/accessibility, the same run as `make a11y`) must pass on it."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KAWASAKI = re.compile(r"川崎|かわさき|カワサキ|kawasaki|サンキューコール", re.I)

# Put after the policy that `portal init` writes (before the commented accessibility: example), then new top-level lists.
RECORDS = """\
  contact: midori-kikaku
  measures:
  - id: midori-chiiki
    plan: keikaku-1
    code: 1-(1)
    title: 地域コミュニティの活性化
    initiatives:
    - id: midori-chonaikai
      number: ①
      title: 町内会・自治会の活動支援
      issues:
      - 町内会・自治会の加入率が下がっています。
      actions:
      - 町内会・自治会の活動を知らせる広報を行います。
      projects:
      - id: midori-chonaikai-shien
        name: 町内会・自治会活動支援事業
        purpose: 町内会・自治会の活動を支え、地域のつながりを強めます。
        plan_actions:
        - 活動の手引きの配布
        - text: 相談窓口の開設
          completed: 2024
        page:
          updated: 2024-04-01

statements:
- id: midori-shisei-2024
  title: 令和6年度 施政方針
  era_label: 令和6年度
  sections:
  - id: midori-shisei-2024-chiiki
    heading: 地域のつながり
    paragraphs:
    - id: midori-shisei-2024-p1
      text: 町内会・自治会とともに、地域のつながりを強めます。
      policies:
      - seisaku-1
"""

CONTACT = """\
contacts:
- id: midori-kikaku
  name: みどり市企画課
  email: kikaku@example.lg.jp
"""


def _portal(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("city")
    proc = _portal("init", "midori", "--name", "みどり市", cwd=base)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    project = base / "midori"
    corpus = project / "policies.yaml"
    text = corpus.read_text(encoding="utf-8")
    policy_end = "  plans:\n  - keikaku-1\n"  # the end of the 基本政策 record (the accessibility: example follows it)
    assert "contacts: []\n" in text and text.count(policy_end) == 1
    corpus.write_text(text.replace("contacts: []\n", CONTACT).replace(policy_end, policy_end + RECORDS), encoding="utf-8")
    proc = _portal("-C", str(project), "build", cwd=base)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    BUILD_OUTPUT[project] = proc.stdout
    return project


BUILD_OUTPUT: dict[Path, str] = {}


def test_a_new_city_is_warned_that_its_site_url_is_a_placeholder(city):
    """portal init writes a placeholder site_url: the build says so, with its place in mkdocs.yml."""
    out = BUILD_OUTPUT[city]
    line = next(n for n, text in enumerate((city / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("site_url:"))
    assert f"mkdocs.yml:{line}:11: 警告: site_url「https://policy-portal.example.jp/」は仮のアドレスです（例示用に予約されたドメイン example.jp です）" in out
    assert "portal build --production" in out


def _texts(site: Path):
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".txt", ".css", ".js"):
            yield path, path.read_text(encoding="utf-8-sig")
        elif path.name.endswith(".xml.gz"):
            yield path, gzip.decompress(path.read_bytes()).decode("utf-8")


def test_no_page_of_the_second_city_says_kawasaki(city):
    site = city / "site"
    checked = 0
    found = []
    for path, text in _texts(site):
        checked += 1
        for m in KAWASAKI.finditer(text):
            found.append(f"{path.relative_to(site)}: …{text[max(0, m.start() - 40):m.end() + 40]}…")
    assert checked > 20
    assert not found, "\n".join(found)


def test_the_second_city_names_itself_where_the_tool_used_to_say_kawasaki(city):
    site = city / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]*みどり市の政策ポータル</title>", home)
    assert "<name>みどり市</name>" in (site / "feed.xml").read_text(encoding="utf-8")  # Atom author = site.organisation
    project = (site / "jigyo" / "midori-chonaikai-shien" / "index.html").read_text(encoding="utf-8")
    # 誤りの報告: the mail's subject carries the site's title (percent-encoded in the mailto: link).
    from urllib.parse import quote

    assert quote("【みどり市の政策ポータル】", safe="") in project
    assert "町内会・自治会活動支援事業" in project
    # A list with nothing in it says so (the new city has no 推進プラン yet), never an empty list.
    plans = (site / "suishin-plan" / "index.html").read_text(encoding="utf-8")
    assert "まだ収録していません" in plans and not re.search(r"<ul>\s*</ul>", plans)


def test_the_accessibility_suite_passes_on_the_second_city(city, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "tests.accessibility.run", "--site", str(city / "site"),
                           "--report-dir", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    summary = re.search(r"accessibility: (\d+) pages, (\d+) passed, 0 failed", proc.stdout)
    assert summary and int(summary[1]) == int(summary[2]) >= 12, proc.stdout[-2000:]  # every page of the city was tested
