"""Which pages the 試験結果 page lists (JIS X 8341-3:2016 附属書JB, JB.1.2).

CI tests every page of the sitemap. For a site of more than ``SAMPLE_SIZE`` pages the published list
is chosen by JB.1.2 d) – ウェブページ一式を代表するウェブページとランダムに選択したウェブページとを
併せて選択する (the method the JIS X 8341-3:2016 試験実施ガイドライン of WAIC describes; 40 pages is
its usual number):

* the representative pages: the top page, and for each kind of page (``REPRESENTATIVE_PREFIXES``,
  the URL's first segment) the first of its pages in path order – the kind's list page where it
  has one;
* the rest of the sample drawn at random from the other pages, up to ``SAMPLE_SIZE`` pages in all:
  each page ranked by SHA-256 of ``"{SAMPLE_SEED}:{path}"`` and the lowest taken, so the draw is the
  same on every machine and every run, and a page keeps its rank when others are added.

A site of ``SAMPLE_SIZE`` pages or fewer is listed whole (JB.1.2 a), 全てのウェブページ).

``EXCLUDED``: pages never drawn. The 試験結果 page itself changes with every test run and every recorded
check (it shows them), so a person's check of it could never stay current; it is tested automatically
like every page, and the 試験結果 page says why it is not in the list.
"""

from __future__ import annotations

import hashlib

SAMPLE_SIZE = 40
SAMPLE_SEED = 8341
REPRESENTATIVE_PREFIXES = (
    "seisaku/", "shisaku/", "torikumi/", "jigyo/", "shisei-hoshin/", "suishin-plan/",
    "keikaku/", "data/", "accessibility/", "search/", "theme/", "404.html",
)
EXCLUDED = ("/accessibility/results/",)
METHOD_ALL = "all"
METHOD_SAMPLE = "representative+random"


def _rank(seed: int, path: str) -> str:
    return hashlib.sha256(f"{seed}:{path}".encode("utf-8")).hexdigest()


def select_sample(
    paths, *, size: int = SAMPLE_SIZE, seed: int = SAMPLE_SEED, prefixes: tuple[str, ...] = REPRESENTATIVE_PREFIXES,
) -> dict:
    """The sample of ``paths`` (URL paths such as ``/seisaku/``): method, numbers and pages."""
    paths = sorted(set(paths))
    excluded = [p for p in paths if p in EXCLUDED]
    paths = [p for p in paths if p not in EXCLUDED]
    base = {"total": len(paths), "size_limit": size, "seed": seed, "prefixes": list(prefixes), "excluded": excluded}
    if len(paths) <= size:
        return {**base, "method": METHOD_ALL, "representative": [], "random": [], "pages": paths}
    representative: list[str] = ["/"] if "/" in paths else []
    for prefix in prefixes:
        first = next((p for p in paths if p.startswith("/" + prefix)), None)
        if first and first not in representative:
            representative.append(first)
    representative = representative[:size]
    rest = [p for p in paths if p not in representative]
    drawn = sorted(sorted(rest, key=lambda p: _rank(seed, p))[: size - len(representative)])
    return {
        **base, "method": METHOD_SAMPLE, "representative": representative, "random": drawn,
        "pages": sorted(representative + drawn),
    }
