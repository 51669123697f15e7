"""A placeholder site_url (issue #14): a build warns, a production build (--production) refuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import siteurl
from tests.project import copy_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("url, why", [
    (None, "書かれていません"),
    ("", "書かれていません"),
    ("https://policy-portal.example.jp/", "example.jp"),
    ("https://example.com/portal/", "example.com"),
    ("http://www.EXAMPLE.org", "example.org"),
    ("https://example.net/", "example.net"),
    ("https://portal.city.invalid/", ".invalid"),
    ("https://portal.test/", ".test"),
    ("https://portal.example/", ".example"),
    ("http://localhost:8000/", ".localhost"),
    ("http://127.0.0.1:8000/", "127.0.0.1"),
    ("http://[::1]/", "::1"),
    ("/", "http"),
    ("policy-portal.jp", "http"),
])
def test_placeholder_addresses_are_recognised(url, why):
    reason = siteurl.placeholder_reason(url)
    assert reason and why in reason


@pytest.mark.parametrize("url", ["https://www.city.kawasaki.jp/", "https://seisaku.midori-city.jp/portal/",
                                 "https://notexample.jp/", "https://example.jp.city.jp/"])
def test_real_addresses_pass(url):
    assert siteurl.placeholder_reason(url) is None


def test_the_repository_still_has_the_placeholder_and_it_is_found_at_its_position():
    site = siteurl.read(ROOT / "mkdocs.yml")
    line = next(n for n, text in enumerate((ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("site_url:"))
    assert site == siteurl.SiteUrl("https://policy-portal.example.jp/", f"mkdocs.yml:{line}:11")
    go_on, message = siteurl.check(ROOT / "mkdocs.yml", production=False)
    assert go_on and message.startswith(f"mkdocs.yml:{line}:11: 警告: site_url「https://policy-portal.example.jp/」は仮のアドレスです")


def _portal(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "-C", str(project), *args], capture_output=True,
                          text=True, timeout=300)


def test_a_production_build_refuses_a_placeholder_and_changes_nothing(tmp_path):
    project = copy_project(tmp_path / "p")
    proc = _portal(project.root, "build", "--production")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.startswith("mkdocs.yml:") and ": エラー: site_url「https://policy-portal.example.jp/」は仮のアドレスです（例示用に予約されたドメイン example.jp です）" in proc.stdout
    assert "公開用のビルド（--production）では、サイトを作りません" in proc.stdout and "何も変えていません" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not project.site_dir.exists() and not project.build_dir.exists()
    # no site_url at all
    yml = project.mkdocs_yml
    yml.write_text("\n".join(ln for ln in yml.read_text(encoding="utf-8").splitlines() if not ln.startswith("site_url:")) + "\n",
                   encoding="utf-8")
    proc = _portal(project.root, "build", "--production")
    assert proc.returncode == 1 and proc.stdout.startswith("mkdocs.yml: エラー: site_url（公開先のアドレス）が mkdocs.yml に書かれていません")


def test_a_production_build_with_a_real_address_goes_on_and_a_plain_build_only_warns(tmp_path):
    project = copy_project(tmp_path / "p")
    (project.root / "policies.yaml").write_text("version: 1\n", encoding="utf-8")  # stops at validation, after the check
    proc = _portal(project.root, "build")
    assert proc.returncode == 1 and ": 警告: site_url「https://policy-portal.example.jp/」は仮のアドレスです" in proc.stdout
    assert "policies.yaml:" in proc.stdout  # the build went on to validate the corpus
    yml = project.mkdocs_yml
    yml.write_text(yml.read_text(encoding="utf-8").replace("https://policy-portal.example.jp/", "https://seisaku.midori-city.jp/"),
                   encoding="utf-8")
    proc = _portal(project.root, "build", "--production")
    assert proc.returncode == 1 and "site_url" not in proc.stdout and "policies.yaml:" in proc.stdout, proc.stdout
