"""Several browsers at once, and the HTML validator while they work.

``scan_pages`` runs ``workers`` scanners (each its own headless Chromium, in a thread: Selenium only
waits on the browser, so threads are enough) over one queue of pages, and a validator thread that
runs the Nu Html Checker on batches of finished pages while the browsers go on. The scanners share
one ``TemplateProofs`` (a template state is proven once, whichever worker meets it first), one
allowlist and one numbering of the progress lines. At the end everything is merged into the first
scanner, so the report and ``--publish`` see one run, exactly as with one browser.

Each page is still loaded and checked completely by one worker; only the order in which pages finish
changes (results are put back in sitemap order).
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Callable

from . import htmlcheck as H
from .browser import Browser
from .runner import Scanner, TemplateProofs
from .site import PageRef

# The validator runs when this many pages are waiting (one Java start per batch: about 2 s).
HTML_BATCH = 150


class _Counter:
    def __init__(self) -> None:
        self._n = 0
        self._lock = threading.Lock()

    def __call__(self) -> int:
        with self._lock:
            self._n += 1
            return self._n


def scan_pages(
    pages: list[PageRef],
    make_browser: Callable[[], Browser],
    make_scanner: Callable[..., Scanner],
    *,
    workers: int = 2,
    loads: set[str] | None = None,
    progress: Callable[[str], None] | None = print,
    html_batch: int = HTML_BATCH,
) -> Scanner:
    """Scan ``pages`` with ``workers`` browsers and validate their HTML; the merged scanner (its
    ``browser`` is left open for the caller to close).

    ``make_scanner(browser, proofs=…, counter=…, progress=…)`` builds one worker's scanner."""
    workers = max(1, min(workers, len(pages)))
    proofs = TemplateProofs()
    counter = _Counter()
    say = progress or (lambda _m: None)
    lock = threading.Lock()  # serialises progress lines
    def locked_say(msg: str) -> None:
        with lock:
            say(msg)

    browsers: list[Browser] = []
    scanners: list[Scanner] = []
    ok = False
    try:
        for _ in range(workers):
            b = make_browser()
            browsers.append(b)
            scanners.append(make_scanner(b, proofs=proofs, counter=counter, progress=locked_say if progress else None))
        todo: queue.Queue[PageRef] = queue.Queue()
        for p in pages:
            todo.put(p)
        finished: queue.Queue[tuple[str, dict] | None] = queue.Queue()
        errors: list[BaseException] = []

        def work(sc: Scanner) -> None:
            while not errors:
                try:
                    page = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    sc.scan(page, loads)
                except BaseException as exc:  # noqa: BLE001 - an allowlist error stops the run, as with one browser
                    errors.append(exc)
                    return
                docs = sc.documents.pop(page.path, None)
                if docs:  # none collected: the page already has an error saying why
                    finished.put((page.path, docs))

        html = _Validator(scanners[0].html_ignore, html_batch, locked_say if progress else None)
        vthread = threading.Thread(target=html.run, args=(finished,), name="a11y-html", daemon=True)
        vthread.start()
        threads = [threading.Thread(target=work, args=(sc,), name=f"a11y-worker-{i}", daemon=True)
                   for i, sc in enumerate(scanners)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        finished.put(None)
        vthread.join()
        if errors:
            raise errors[0]
        main = _merge(scanners, pages)
        html.apply(main)
        ok = True
        return main
    finally:
        # the merged scanner keeps the first browser (its version goes into the report): the caller closes it
        for b in browsers[1:] if ok else browsers:
            try:
                b.close()
            except Exception:  # noqa: BLE001
                pass


class _Validator:
    """Runs the Nu Html Checker on batches of finished pages while the browsers scan the next ones."""

    def __init__(self, ignore: list[H.IgnoreEntry], batch: int, progress: Callable[[str], None] | None) -> None:
        self.ignore = ignore
        self.batch = max(1, batch)
        self.progress = progress
        self.verdicts: dict[str, list[H.Message]] = {}
        self.failed: dict[str, str] = {}  # page → why the validator could not run
        self.used: set[H.IgnoreEntry] = set()
        self.documents = 0
        self.runs = 0
        self.seconds = 0.0

    def run(self, finished: queue.Queue) -> None:
        pending: dict[str, dict] = {}
        while True:
            item = finished.get()
            if item is not None:
                path, docs = item
                pending[path] = docs
            if pending and (item is None or len(pending) >= self.batch):
                self._validate(pending)
                pending = {}
            if item is None:
                return

    def _validate(self, pending: dict[str, dict]) -> None:
        t0 = time.time()
        try:
            v = H.validate(pending, self.ignore)
        except H.HtmlCheckError as exc:
            for p in pending:
                self.failed[p] = str(exc)
            if self.progress:
                self.progress(f"html: the validator could not run: {exc}")
        else:
            self.used |= v.used_ignores
            self.documents += v.documents
            self.verdicts.update(v.messages)
            if self.progress:
                bad = sorted(p for p, msgs in v.messages.items() if any(m.fails for m in msgs))
                self.progress(
                    f"html: {v.documents} documents of {len(pending)} page(s) checked in {v.seconds:.1f}s "
                    f"(Nu Html Checker {H.vnu_version() or '?'})  "
                    + ("ok" if not bad else f"FAIL html-valid on {len(bad)} page(s): {', '.join(bad[:10])}")
                )
        self.runs += 1
        self.seconds += time.time() - t0

    def apply(self, sc: Scanner) -> None:
        """The validator's verdicts as the ``html-valid`` check of each page (as ``Scanner.validate_html``)."""
        for p, why in self.failed.items():
            r = sc.results[p]
            r.errors.append(f"html-valid: {why}")
            sc._judge(r)
            sc.validated.add(p)
        for p, msgs in self.verdicts.items():
            r = sc.results[p]
            sc.apply_html_verdict(r, msgs)
            sc.validated.add(p)
        sc.used_html_ignores |= self.used
        sc.html_documents += self.documents
        sc.html_runs += self.runs
        sc.html_seconds += self.seconds


def _merge(scanners: list[Scanner], pages: list[PageRef]) -> Scanner:
    main = scanners[0]
    results = {}
    for sc in scanners:
        results.update(sc.results)
        if sc is main:
            continue
        main.rule_tags.update(sc.rule_tags)
        main.used_allowlist |= sc.used_allowlist
        main.axe_version = main.axe_version or sc.axe_version
        main.documents.update(sc.documents)
        for k, n in sc.forced_methods.items():
            main.forced_methods[k] = main.forced_methods.get(k, 0) + n
        for k, n in sc.phone_methods.items():
            main.phone_methods[k] = main.phone_methods.get(k, 0) + n
        for k, n in sc.visibility.items():
            main.visibility[k] = main.visibility.get(k, 0) + n
        main.pa11y_pages += sc.pa11y_pages
        main.pa11y_seconds += sc.pa11y_seconds
    main.results = {p.path: results[p.path] for p in pages if p.path in results}
    main.results.update({k: v for k, v in results.items() if k not in main.results})
    return main


