"""One search: the bytes a reader downloads to search once, and the pages four Japanese words find —
this site (Pagefind) beside stock Material (lunr with ``lang: ja``) on the same Markdown.

    .venv/bin/python bench/search_query.py           # seed and 1,000 事業 (peer), 10,000 (this site only)
    .venv/bin/python bench/search_query.py --quick   # seed and 1,000; build/benchmarks-quick.md

This site: open ``/search/?q=町内会`` with an empty cache and wait for the results. Peer: open the top page,
open its search, type the word, wait for its result count. Every response of the session is summed;
requests made by dedicated workers (Pagefind's and Material's search workers) never reach the page's
DevTools session, so those are counted from the benchmark server's own log (bench/netbench.py).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
import urllib.parse
from pathlib import Path

from common import Session, kb, log, make_project, portal_build
from netbench import Browser, serve
from stock_material import build_peer

QUERY = "町内会"
JA_QUERIES = ["子育て", "おくやみ", "住民投票", "町内会"]
JUMIN_PAGE = "/jigyo/jumin-tohyo-seido/"
T_QUERY = 300_000
OURS_STATUS = ("(s => /件|見つかりませんでした/.test(s.textContent) ? s.textContent : '')"
               "(document.getElementById('portal-search-status'))")
PEER_META = ("(m => m && /\\d+件|何も見つかりませんでした/.test(m.textContent) ? m.textContent.trim() : '')"
             "(document.querySelector('.md-search-result__meta'))")


def count_of(text: str | None) -> int:
    m = re.search(r"(\d[\d,]*)\s*件", text or "")
    return int(m.group(1).replace(",", "")) if m else (0 if text else -1)


def ours(b: Browser, base: str, q: str) -> dict:
    b.get(base + "/search/?q=" + urllib.parse.quote(q))
    text = b.wait(OURS_STATUS, 120)
    hrefs = b.d.execute_script("return [...document.querySelectorAll('#portal-search-results a')].map(a => new URL(a.href).pathname)")
    return {"results": count_of(text), "hrefs": hrefs}


def peer(b: Browser, base: str, q: str) -> dict:
    from selenium.webdriver.common.by import By

    b.get(base + "/")
    b.d.find_element(By.CSS_SELECTOR, 'label.md-header__button[for="__search"]').click()
    b.d.find_element(By.CSS_SELECTOR, "input.md-search__input").send_keys(q)
    text, since, end = None, time.monotonic(), time.monotonic() + 600
    while time.monotonic() < end:  # Material searches on each keystroke: wait until the count stays for 2 s
        now = b.d.execute_script(f"return {PEER_META}")
        if now != text:
            text, since = now, time.monotonic()
        elif text and time.monotonic() - since >= 2.0:
            break
        time.sleep(0.05)
    hrefs = b.d.execute_script("return [...document.querySelectorAll('.md-search-result__item > a')].map(a => new URL(a.href).pathname)")
    return {"results": count_of(text), "hrefs": hrefs}


def session_bytes(site: Path, fn, q: str) -> dict:
    server, base, served = serve(site)
    try:
        with Browser() as b:
            out = fn(b, base, q)
            b.settle(activity=served.__len__)
            seen = {urllib.parse.urlsplit(r.url).path: r for r in b.network().requests}
        total = index = 0
        for s in served:  # the server saw every request, the workers' too
            r = seen.get(urllib.parse.quote(s.path, safe="/%")) or seen.get(s.path)
            n = r.transfer if r and r.transfer else s.header_bytes + s.body_bytes
            total += n
            if "/pagefind/" in s.path or "search_index.json" in s.path or "/javascripts/workers/" in s.path or "/lunr/" in s.path:
                index += n
        return {**out, "transfer": total, "index": index, "requests": len(served)}
    finally:
        server.shutdown()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="seed and 1,000 事業; build/benchmarks-quick.md")
    args = ap.parse_args()
    session = Session("search_query.py", args.quick)
    rows, ja = [], {}
    with tempfile.TemporaryDirectory(prefix="bench-search-") as t:
        tmp = Path(t)
        for n in ([None, 1000] if args.quick else [None, 1000, 10000]):
            label = "seed" if n is None else f"{n:,}"
            project = make_project(tmp, n)
            portal_build(project, tmp / "ours")
            log(f"{label} 事業: one search, this site")
            rows.append((label, "this site (Pagefind)", session_bytes(tmp / "ours", ours, QUERY)))
            if n is None:
                ja["ours"] = {q: ours_q for q in JA_QUERIES for ours_q in [session_bytes(tmp / "ours", ours, q)]}
            if n is None or n <= 1000:
                t_peer, peer_site = build_peer(project, tmp, 900)
                if t_peer:
                    log(f"{label} 事業: one search, stock Material")
                    rows.append((label, "stock Material (lunr ja)", session_bytes(peer_site, peer, QUERY)))
                    if n is None:
                        ja["peer"] = {q: session_bytes(peer_site, peer, q) for q in JA_QUERIES}
            if n is None:
                texts = [p.read_text(encoding="utf-8") for p in project.out_dir.rglob("*.md")]
                ja["truth"] = {q: sum(q in x for x in texts) for q in JA_QUERIES}
    session.write("search_query", report(session, rows, ja))


def report(session: Session, rows, ja) -> str:
    L = [f"## One search ({QUERY}) and Japanese words: this site beside stock Material", "", session.label(), "",
         "*transfer* = every response of the session (the page itself included, headers + gzip body); "
         "*engine + index* = the part that is search. Target: ≤ 300 KB at 10,000 事業.", "",
         "| 事業 | site | requests | transfer | engine + index | results | ≤ 300 KB |", "|---|---|---:|---:|---:|---:|:-:|"]
    for label, who, r in rows:
        L.append(f"| {label} | {who} | {r['requests']} | {kb(r['transfer'])} | {kb(r['index'])} | {r['results']:,} | "
                 f"{'✓' if r['transfer'] <= T_QUERY else '✗'} |")
    if ja.get("ours"):
        L += ["", f"Seed corpus: pages found; ✓ after 住民投票 = `{JUMIN_PAGE}` is among them. *pages containing it* = "
              "generated pages whose Markdown contains the word as it is.", "",
              "| word | pages containing it | this site (Pagefind) | stock Material (lunr ja) |", "|---|---:|---:|---:|"]
        for q in JA_QUERIES:
            o, p = ja["ours"][q], ja.get("peer", {}).get(q)
            mark = (lambda r: (" ✓" if JUMIN_PAGE in r["hrefs"] else " ✗") if q == "住民投票" else "")
            L.append(f"| {q} | {ja['truth'][q]} | {o['results']}{mark(o)} | {(str(p['results']) + mark(p)) if p else '–'} |")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    main()
