"""Stock Material for MkDocs (the peer) on the same generated Markdown: build time, site size, first visit,
and the helpers bench/search_query.py uses to build it.

    .venv/bin/python bench/stock_material.py           # seed, 1,000 and 3,000 事業; docs/benchmarks.md
    .venv/bin/python bench/stock_material.py --quick   # seed and 1,000; build/benchmarks-quick.md

The peer: no ``nav`` (MkDocs makes one of every page and Material embeds all of it in every page), the
built-in ``search`` plugin with ``lang: ja``, default palette, no ``custom_dir``, no ``--strict``. Two
departures, both in its favour: ``font: false`` (Material otherwise fetches Roboto from Google Fonts) and
``template: search.html`` removed from search.md (Material has no such template). Its build grows with
the square of the pages, so it is not built for 10,000 事業; the growth from the two largest sizes gives
an estimate. Compared with this site's ``portal build`` of the same corpus in the same run.
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

from common import PORTAL, PY, Session, kb, log, make_project, portal_build, sec, timed
from netbench import serve
from weight import visit


def peer_docs(project, dest: Path) -> Path:
    """The project's generated Markdown, made once, copied for the peer."""
    subprocess.run([PORTAL, "-C", str(project.root), "generate", "--quiet"], check=True)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(project.out_dir, dest)
    search = dest / "search.md"
    if search.exists():
        search.write_text(re.sub(r"(?m)^template: search\.html\n", "", search.read_text(encoding="utf-8")), encoding="utf-8")
    return dest


def peer_config(tmp: Path, docs: Path) -> Path:
    cfg = {"site_name": "川崎市の政策ポータル", "site_url": "https://policy-portal.example.jp/", "docs_dir": str(docs),
           "use_directory_urls": True, "theme": {"name": "material", "language": "ja", "font": False},
           "plugins": [{"search": {"lang": "ja"}}], "markdown_extensions": ["attr_list", "md_in_html", "tables", "toc"]}
    path = tmp / f"mkdocs-peer-{docs.name}.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_peer(project, tmp: Path, timeout: float) -> tuple:
    docs = peer_docs(project, tmp / f"peer-docs-{project.root.name}")
    site = tmp / f"peer-site-{project.root.name}"
    shutil.rmtree(site, ignore_errors=True)
    try:
        t = timed([PY, "-m", "mkdocs", "build", "-f", str(peer_config(tmp, docs)), "-d", str(site)],
                  env={"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, site
    return t.ok("peer build"), site


def size(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), sum(1 for p in files if p.suffix == ".html")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="seed and 1,000 事業; build/benchmarks-quick.md")
    args = ap.parse_args()
    session = Session("stock_material.py", args.quick)
    sizes = [None, 1000] if args.quick else [None, 1000, 3000]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-peer-") as t:
        tmp = Path(t)
        for n in sizes:
            label = "seed" if n is None else f"{n:,}"
            project = make_project(tmp, n)
            log(f"{label} 事業: portal build")
            ours_t, _ = portal_build(project, tmp / "ours")
            log(f"{label} 事業: stock Material")
            peer_t, peer_site = build_peer(project, tmp, 300 if n is None else 2400)
            row = {"label": label, "n": n, "ours": ours_t, "ours_size": size(tmp / "ours"), "peer": peer_t}
            for who, site in (("ours", tmp / "ours"), ("peer", peer_site)):
                if site.exists():
                    page = sorted(site.glob("jigyo/*/index.html"), key=lambda p: (p.stat().st_size, p.as_posix()))
                    url = "/" + page[len(page) // 2].parent.relative_to(site).as_posix() + "/"
                    server, base, served = serve(site)
                    try:
                        row[f"{who}_visit"] = (url, visit(base, served, url)["transfer"])
                    finally:
                        server.shutdown()
            if peer_t:
                row["peer_size"] = size(peer_site)
            rows.append(row)
            shutil.rmtree(peer_site, ignore_errors=True)
    session.write("stock_material", report(session, rows))


def report(session: Session, rows: list) -> str:
    L = ["## Stock Material for MkDocs on the same Markdown (the peer)", "", session.label(), "",
         "*this site* = `portal build` (whole build: generate, MkDocs, CSS, Pagefind); *stock Material* = "
         "`mkdocs build` only (its search index is built in the browser). *first visit* = the median 事業 page "
         "at 360×800, empty cache, every response (headers + gzip body).", "",
         "| 事業 | this site: build | size | first visit | stock Material: build | size | first visit |",
         "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        peer = r["peer"]
        L.append(f"| {r['label']} | {sec(r['ours'].wall)} | {r['ours_size'][0] / 1e6:,.1f} MB | {kb(r['ours_visit'][1])} | "
                 + (f"{sec(peer.wall)} | {r['peer_size'][0] / 1e6:,.1f} MB | {kb(r['peer_visit'][1])} |" if peer else "timed out | – | – |"))
    done = [r for r in rows if r["peer"] and r["n"]]
    if len(done) >= 2:
        a, b = done[-2], done[-1]
        k = math.log(b["peer"].wall / a["peer"].wall) / math.log(b["peer_size"][1] / a["peer_size"][1])
        L += ["", f"From {a['label']} to {b['label']} 事業 the stock build grew as pages^{k:.2f} (every page embeds the "
              "navigation of every page)."]
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    main()
