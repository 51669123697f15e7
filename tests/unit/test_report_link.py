"""「このページについてのお問い合わせ・誤りの報告」 always leads somewhere real (issue #14).

Where a page's contact has no e-mail, the link jumped to the page's お問い合わせ先 block, and where that
block (the contact centre's, in the seeds) gives neither a number nor a page either, the reader went
round in a loop. Now: a mailto: to the page's contact, else its block when the block gives a way to
reach someone, else the contact centre's page or number, and with no channel in the corpus at all the
page says so in words. Nothing is invented: every value comes from policies.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import build
from generator.validate import validate_text
from tests.project import SITE_URL

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "policies.yaml").read_text(encoding="utf-8")
CENTRE_HOURS = "    hours: 午前8時から午後9時 年中無休\n"
NO_CHANNEL = "このページについてのお問い合わせ・誤りの報告の連絡先（電話番号・メールアドレス・ウェブページ）は、まだ掲載していません。"


def pages(text: str = SEED) -> dict[str, str]:
    result = validate_text(text)
    assert result.ok, result.problems
    return {p: b.decode("utf-8") for p, b in build.render_pages(result.corpus, site_url=SITE_URL).items()}


def section(text: str, heading_id: str) -> str:
    start = text.index(f'<h2 id="{heading_id}">')
    return text[start:text.index("</section>", start)]


def report(text: str) -> str:
    return next(li for li in section(text, "page-info").split("<li>") if "お問い合わせ・誤りの報告" in li)


def test_no_report_link_leads_to_a_contact_block_without_a_way_to_reach_anyone():
    for path, text in pages().items():
        if "page-info" not in text:
            continue
        item = report(text)
        if 'href="#contact"' in item:
            block = section(text, "contact")
            assert re.search(r'href="(tel|mailto|https?):', block) or "ファクス:" in block, f"{path}: a loop\n{block}"


def test_without_any_channel_in_the_corpus_the_page_says_so():
    text = pages()["jigyo/kankyo-machizukuri.md"]  # no contact of its own; the seeds give the centre no number
    item = report(text)
    assert "<a " not in item and NO_CHANNEL in item
    block = section(text, "contact")
    assert "サンキューコールかわさき" in block and "電話番号・ウェブページ: まだ掲載していません" in block
    assert 'href="tel:' not in text.split('id="page-info"')[1]


def test_a_contact_with_e_mail_gets_a_mail_and_one_with_only_a_phone_its_block():
    seed = pages()
    assert 'href="mailto:17kityo@city.kawasaki.jp?subject=' in report(seed["shisaku/kyodo-machizukuri-2008.md"])
    text = pages(SEED.replace("  email: 17kityo@city.kawasaki.jp\n", ""))["shisaku/kyodo-machizukuri-2008.md"]
    assert 'href="#contact"' in report(text) and 'href="tel:044-200-2550"' in section(text, "contact")


@pytest.mark.parametrize("extra, expected", [
    ("    url: https://www.city.example.invalid/callcenter/\n",
     '<a href="https://www.city.example.invalid/callcenter/">このページについてのお問い合わせ・誤りの報告（サンキューコールかわさき）</a>'),
    ("    phone: 012-345-6789\n", '<a href="#contact">このページについてのお問い合わせ・誤りの報告</a>'),
])
def test_pages_without_a_contact_of_their_own_go_to_the_contact_centre(extra, expected):
    text = pages(SEED.replace(CENTRE_HOURS, CENTRE_HOURS + extra))["jigyo/kankyo-machizukuri.md"]
    assert expected in report(text) and NO_CHANNEL not in text
    assert "まだ掲載していません" not in section(text, "contact")


def test_a_contact_without_any_channel_falls_back_to_the_contact_centre():
    text = SEED.replace("  phone: 044-200-2550\n  fax: 044-200-0401\n  email: 17kityo@city.kawasaki.jp\n", "")
    text = text.replace(CENTRE_HOURS, CENTRE_HOURS + "    phone: 012-345-6789\n")
    page = pages(text)["shisaku/kyodo-machizukuri-2008.md"]
    assert '<a href="tel:012-345-6789">' in report(page) and "サンキューコールかわさき" in report(page)


@pytest.mark.parametrize("kept", ["  phone: 044-200-2550\n", "  fax: 044-200-0401\n"])
def test_a_contact_with_only_a_phone_or_only_a_fax_gets_its_block(kept):
    """Either number is a way to reach someone: the link goes to the page's お問い合わせ先 block, which shows it."""
    text = SEED.replace("  phone: 044-200-2550\n  fax: 044-200-0401\n  email: 17kityo@city.kawasaki.jp\n", kept)
    assert text != SEED
    page = pages(text)["shisaku/kyodo-machizukuri-2008.md"]
    assert '<a href="#contact">このページについてのお問い合わせ・誤りの報告</a>' in report(page) and NO_CHANNEL not in page
    assert kept.split(": ")[1].strip() in section(page, "contact")
