"""The same generated Markdown built by MkDocs 1.6 + Material (today), ProperDocs 1.6 + Material and Zensical.

    .venv/bin/python bench/engines.py           # 1,000 and 10,000 事業 timed; seed site checked; docs/benchmarks.md
    .venv/bin/python bench/engines.py --quick   # 1,000 timed; seed site checked without the accessibility runner

Material for MkDocs 9.8 reaches end of life on 2027-05-05 and MkDocs 1.x is unmaintained (docs/engines.md).
For each size the project's Markdown is generated once (``portal generate``) and each engine builds it into
an empty folder: wall and CPU time of that step alone. MkDocs and ProperDocs run as ``portal build`` runs
them (``generator/mkdocs_build.py``: strict, pages on every core); Zensical (``.venv-zensical``, the newest
release that installs here, requirements/zensical.txt) runs ``zensical build --clean`` on a copy of
mkdocs.yml whose docs_dir lies beside it (Zensical requires that). Then, on the seed site of each engine,
finished as ``portal build`` finishes it (JSON twins, the CSS step for MkDocs and ProperDocs, the site's search index):
the median 事業 page's HTML, the first visit of that page (``bench/weight.py``'s method), the built-site
link and anchor check (tests/site/test_built_site.py) and the accessibility runner (tests/accessibility).
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import PORTAL, PY, ROOT, Figures, Session, kb, log, make_project, sec, timed
from netbench import serve
from weight import visit

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
ENGINES = ("mkdocs", "properdocs", "zensical")
NAMES = {"mkdocs": "MkDocs 1.6.1 + Material 9.8", "properdocs": "ProperDocs 1.6.7 + Material 9.8",
         "zensical": "Zensical 0.0.73"}


def version(engine: str) -> str:
    if engine == "zensical":
        out = subprocess.run([str(ZENSICAL), "--version"], capture_output=True, text=True).stdout.strip()
        return out or "?"
    from importlib.metadata import version as v
    return v(engine)


def zensical_config(project) -> Path:
    config = project.mkdocs_yml.read_text(encoding="utf-8")
    config = config.replace("docs_dir: build/docs", "docs_dir: docs").replace("custom_dir: theme", "custom_dir: ../theme")
    cfg = project.build_dir / "zensical.yml"
    cfg.write_text(config, encoding="utf-8")
    return cfg


def engine_build(engine: str, project, out: Path):
    shutil.rmtree(out, ignore_errors=True)
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    if engine == "zensical":
        cfg = zensical_config(project)
        return timed([str(ZENSICAL), "build", "--clean", "-f", str(cfg)], env=env, cwd=project.root), cfg
    return timed([PY, "-m", "generator.mkdocs_build", f"--engine={engine}", "build", "--strict", "-f",
                  str(project.mkdocs_yml), "-d", str(out)], env=env, cwd=project.root), None


def finish(engine: str, project, site: Path) -> None:
    """What portal build does after the engine: twins, the CSS step (not for Zensical's own CSS), the search index."""
    from generator import build as B, search_index, slimcss
    from generator.project import Project
    from generator.validate import validate_file

    B._link_tree(project.twins_dir, site)
    if engine != "zensical":
        slimcss.slim(Project.at(project.root), site)
    search_index.write(site, validate_file(project.corpus).corpus.search_synonyms)


def link_check(site: Path) -> str:
    sys.path.insert(0, str(ROOT))
    from tests.site.test_built_site import test_every_internal_link_and_anchor_in_the_built_site_resolves as check

    try:
        check(site)
        return "pass"
    except AssertionError as exc:
        lines = [x for x in str(exc).splitlines() if "→" in x]
        return f"**fail**: {len(lines)}{'+' if len(lines) >= 50 else ''} broken, e.g. `{lines[0] if lines else exc}`"


def a11y(site: Path, tmp: Path) -> str:
    report = tmp / f"a11y-{site.name}"
    proc = subprocess.run([PY, "-m", "tests.accessibility.run", "--site", str(site), "--report", "json",
                           "--report-dir", str(report), "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=7200)
    if proc.returncode == 0:
        return "pass"
    import json

    try:
        data = json.loads((report / "accessibility.json").read_text(encoding="utf-8"))
        fails: dict[str, int] = {}
        for page in data.get("pages", []):
            for key in {f["rule"] for f in page.get("failures", [])} | ({"runner-error"} if page.get("errors") else set()):
                fails[key] = fails.get(key, 0) + 1
        top = ", ".join(f"`{k}` on {v} pages" for k, v in sorted(fails.items(), key=lambda kv: -kv[1])[:6])
        return f"**fail** (exit {proc.returncode}): {top or (proc.stdout + proc.stderr)[-300:]}"
    except (OSError, ValueError):
        return f"**fail** (exit {proc.returncode}): {(proc.stdout + proc.stderr)[-300:]}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1,000 事業 only and no accessibility runner; build/benchmarks-quick.md")
    ap.add_argument("--sizes", help="comma-separated 事業 counts to time (default 1000,10000; quick: 1000)")
    ap.add_argument("--runs", type=int, default=1, help="timed builds per engine and size (default 1)")
    args = ap.parse_args()
    if not ZENSICAL.exists():
        raise SystemExit("Zensical is not installed: make setup-test (it creates .venv-zensical)")
    session = Session("engines.py", args.quick)
    sizes = [int(s) for s in (("1000" if args.quick else "1000,10000") if args.sizes is None else args.sizes).split(",") if s]
    times, checks = {}, {}
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as t:
        tmp = Path(t)
        for n in sizes:
            project = make_project(tmp, n)
            subprocess.run([PORTAL, "-C", str(project.root), "generate", "--quiet"], check=True)
            for i in range(args.runs):
                for engine in ENGINES:
                    log(f"{n:,} 事業: {engine} run {i + 1}")
                    timing, _ = engine_build(engine, project, tmp / "out")
                    f = times.setdefault((n, engine), Figures())
                    f.add("wall", timing.wall)
                    f.add("cpu", timing.cpu)
                    f.add("ok", 0.0 if timing.returncode else 1.0)
                    log(f"  {timing.wall:.1f} s wall, {timing.cpu:.1f} s CPU, exit {timing.returncode}")
            shutil.rmtree(project.root, ignore_errors=True)
        project = make_project(tmp, None)
        subprocess.run([PORTAL, "-C", str(project.root), "generate", "--quiet"], check=True)
        for engine in ENGINES:
            site = tmp / f"seed-{engine}"
            timing, cfg = engine_build(engine, project, site)
            if engine == "zensical":
                shutil.move(str(project.build_dir / "site"), site) if (project.build_dir / "site").exists() else None
            c = checks[engine] = {"built": timing.returncode == 0}
            if not c["built"]:
                c["error"] = timing.out[-300:]
                continue
            finish(engine, project, site)
            pages = sorted(site.glob("jigyo/*/index.html"), key=lambda p: (p.stat().st_size, p.as_posix()))
            med = pages[len(pages) // 2]
            raw = med.read_bytes()
            c["page"] = "/" + med.parent.relative_to(site).as_posix() + "/"
            c["raw"], c["gz"] = len(raw), len(gzip.compress(raw, 6, mtime=0))
            server, base, served = serve(site)
            try:
                v = visit(base, served, c["page"])
            finally:
                server.shutdown()
            c["visit"], c["requests"] = v["transfer"], v["requests"]
            c["links"] = link_check(site)
            c["a11y"] = "not run (quick run)" if args.quick else a11y(site, tmp)
            log(f"{engine}: {c}")
    session.write("engines", report(session, sizes, times, checks))


def cell(text: str) -> str:
    """One table cell: a runner's message may end in a newline or hold a "|", which would break the row."""
    return " ".join(str(text).split()).replace("|", "\\|")


def report(session: Session, sizes, times, checks) -> str:
    L = ["## Engines: MkDocs, ProperDocs and Zensical on the same Markdown", "", session.label(), "",
         "Build time = the engine's step alone on the generated Markdown (MkDocs and ProperDocs as `portal build` "
         "runs them: `--strict`, pages on every core; Zensical `build --clean`), median of the runs. "
         + ", ".join(f"{NAMES[e]} (`{version(e)}`)" for e in ENGINES) + ".", "",
         "| 事業 | engine | wall | CPU | built |", "|---|---|---:|---:|:-:|"]
    for n in sizes:
        for e in ENGINES:
            f = times[(n, e)]
            L.append(f"| {n:,} | {NAMES[e]} | {sec(f.med('wall'))} | {sec(f.med('cpu'))} | {'✓' if f.med('ok') == 1 else '✗'} |")
    L += ["", "The seed site of each engine, finished as `portal build` finishes it (JSON twins; the CSS step for "
          "MkDocs and ProperDocs — Zensical keeps its own CSS and scripts; the site's search index). *page* = the median 事業 "
          "page; *first visit* = that page at 360×800 with an empty cache, every response (headers + gzip body).", "",
          "| engine | page | HTML | HTML gzip | first visit | requests | link + anchor check | accessibility runner |",
          "|---|---|---:|---:|---:|---:|---|---|"]
    for e in ENGINES:
        c = checks.get(e, {})
        if not c.get("built"):
            L.append(f"| {NAMES[e]} | – | – | – | – | – | – | build failed: `{cell(c.get('error', ''))}` |")
            continue
        L.append(f"| {NAMES[e]} | `{c['page']}` | {kb(c['raw'])} | {kb(c['gz'])} | {kb(c['visit'])} | {c['requests']} | "
                 f"{cell(c['links'])} | {cell(c['a11y'])} |")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    main()
