"""Is mkdocs.yml's ``site_url`` a real address, or still a placeholder?

The site's absolute URL goes into sitemap.xml, canonical links, the open data (CSV, JSON), the Atom
feed, the report links and the 試験結果 page. A project starts with a placeholder
(``https://policy-portal.example.jp/``, written by ``portal init``): a build with one warns, and a
production build (``portal build --production``) refuses it (issue #14).

Placeholders: no site_url; the example domains reserved for documentation (RFC 2606, RFC 6761 and
JPRS's example.jp: example.com/.net/.org/.jp and anything under them); the reserved top-level names
.example, .invalid, .test and .localhost; localhost and loopback addresses; anything not http(s).
"""

from __future__ import annotations

import ipaddress
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

EXAMPLE_DOMAINS = ("example.jp", "example.com", "example.net", "example.org")
RESERVED_TLDS = ("example", "invalid", "test", "localhost")


@dataclass(frozen=True)
class SiteUrl:
    value: str | None  # as written in mkdocs.yml (None: not there)
    where: str  # "mkdocs.yml:9:11" (or "mkdocs.yml" when there is no site_url)


def placeholder_reason(url: str | None) -> str | None:
    """Why ``url`` is not a real public address (Japanese), or None when it is one."""
    if not url or not str(url).strip():
        return "site_url が書かれていません"
    parts = urllib.parse.urlsplit(str(url).strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "http:// か https:// で始まる公開先のアドレスではありません"
    host = parts.hostname.lower().rstrip(".")
    for domain in EXAMPLE_DOMAINS:
        if host == domain or host.endswith("." + domain):
            return f"例示用に予約されたドメイン {domain} です"
    tld = host.rsplit(".", 1)[-1]
    if tld in RESERVED_TLDS:
        return f"公開できないドメイン（.{tld}）です"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if ip is not None and (ip.is_loopback or ip.is_private or ip.is_unspecified or ip.is_link_local):
        return f"この機械やローカルネットワークのアドレス（{host}）です"
    return None


def read(mkdocs_yml: Path) -> SiteUrl:
    """``site_url`` and its position in mkdocs.yml (line:column of the value, 1-based)."""
    import yaml

    name = mkdocs_yml.name
    try:
        node = yaml.compose(mkdocs_yml.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return SiteUrl(None, name)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "site_url":
                mark = value.start_mark
                text = value.value if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":str") else None
                return SiteUrl(text, f"{name}:{mark.line + 1}:{mark.column + 1}")
    return SiteUrl(None, name)


def check(mkdocs_yml: Path, *, production: bool) -> tuple[bool, str]:
    """(may the build go on, the message to print or "")."""
    site = read(mkdocs_yml)
    why = placeholder_reason(site.value)
    if why is None:
        return True, ""
    name = mkdocs_yml.name
    what = (f"site_url（公開先のアドレス）が {name} に書かれていません" if site.value is None
            else f"site_url「{site.value}」は仮のアドレスです（{why}）")
    if production:
        return False, (
            f"{site.where}: エラー: {what}。公開用のビルド（--production）では、サイトを作りません。"
            f"{name} の site_url に公開先のアドレス（例: https://www.city.○○.lg.jp/seisaku/）を書いてから、"
            "もう一度実行してください。何も変えていません。"
        )
    return True, (
        f"{site.where}: 警告: {what}。サイトマップ、オープンデータ（CSV・JSON）、更新情報（Atom フィード）、"
        "試験結果のページ、誤りの報告のリンクに、このアドレスが載ります。"
        f"公開する前に、{name} の site_url に公開先のアドレスを書いてください"
        "（公開用のビルド portal build --production は、このままでは止まります）。"
    )
