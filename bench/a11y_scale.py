"""How long the accessibility gate takes at a real city's size (issue #14, section 2), beside its peer.

    .venv/bin/python bench/a11y_scale.py            # 1,000 事業 (about 1,274 pages); writes its section of docs/benchmarks.md
    .venv/bin/python bench/a11y_scale.py --quick    # 100 事業; prints, writes nothing
    .venv/bin/python bench/a11y_scale.py --subset 61 --skip-full   # only the side-by-side part

Everything happens in a temporary project (policies.yaml replaced by ``portal synth N``; mkdocs.yml,
content/, theme/ and accessibility/manual-checks.yaml copied); build/, site/ and results.json of the
repository are never touched.

1. ``portal build`` of the synthetic project (timed).
2. **Side by side on the same pages** (every k-th page of the sitemap, ``--subset`` pages), both engines:
   the peer is the gate of ``--peer-rev`` (default ``main``; ``git archive`` of it, run as it runs there: its
   runner, then its second engine, ``tests.accessibility.pa11y``, when it runs pa11y-ci on its own), then ours
   (``--workers`` browsers, as ``make a11y-full`` runs them; pa11y runs inside its page loads).
3. **Full run**: ours on every page (both engines), published into a temporary results.json (the recorded
   full run); ``--pa11y-ci`` also times the pa11y-ci command on every page (what an auditor runs).
4. **One 事業 changed**: its title edited in the corpus, ``portal build`` again (timed), then
   ``--changed-only`` against that recorded run: the pages whose HTML changed and one page per kind.

Wall time and CPU time of the whole process tree (Python, chromedriver, Chromium, Java; /proc polled
every 0.5 s) are both reported, with the load average before and after: on the shared 2 cores the wall
times depend on what else runs, the CPU seconds much less. Targets (issue #14): a full run at 1,000 事業
≤ 15 min on 2 cores; one 事業 changed → full verdict ≤ 5 min.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from common import BUSY_SHARE, Session  # noqa: E402
from docsection import write_section  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
SECTION = "a11y_scale"
TICK = os.sysconf("SC_CLK_TCK")
T0 = time.monotonic()
TARGET_FULL = 15 * 60
TARGET_CHANGE = 5 * 60
PROJECT_FILES = ("mkdocs.yml", "content", "theme", "schema", "accessibility/manual-checks.yaml")


def log(msg: str) -> None:
    print(f"[{time.monotonic() - T0:7.1f} s] {msg}", file=sys.stderr, flush=True)


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _procs(children: bool = False) -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds: user + system, and with ``children`` also of its children waited for)."""
    out = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                s = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            rest = s[s.rindex(")") + 2:].split()
            out[int(d)] = (int(rest[1]), sum(int(x) for x in rest[11:15 if children else 13]) / TICK)
    return out


def _tree(procs: dict[int, tuple[int, float]], root: int) -> set[int]:
    """``root`` and every process under it, from ``_procs()``."""
    tree, grown = {root}, True
    while grown:
        grown = False
        for pid, (ppid, _) in procs.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grown = True
    return tree


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Run ``cmd``; its wall time and the CPU time of its whole process tree."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    seen: dict[int, float] = {}
    out: list[str] = []
    import threading

    reader = threading.Thread(target=lambda: out.extend(proc.stdout), daemon=True)
    reader.start()
    while proc.poll() is None:
        procs = _procs()
        for pid in _tree(procs, proc.pid) & set(procs):
            seen[pid] = max(seen.get(pid, 0.0), procs[pid][1])
        time.sleep(0.5)
    reader.join()
    return {"wall": time.monotonic() - t0, "cpu": sum(seen.values()), "rc": proc.returncode, "out": "".join(out)}


def pages_of(site: Path) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from tests.accessibility.site import pages_from_site

    return [p.path for p in pages_from_site(site)]


def peer_pa11y(peer: Path, site: Path, page_args: list[str]) -> dict | None:
    """The peer's second engine when it is a command of its own (pa11y-ci through tests.accessibility.pa11y);
    None when the peer's runner runs pa11y itself (pa11y_page.py)."""
    if (peer / "tests" / "accessibility" / "pa11y_page.py").exists() or not (peer / "tests" / "accessibility" / "pa11y.py").exists():
        return None
    return counted([PY, "-m", "tests.accessibility.pa11y", "--site", str(site), *page_args], peer, "pa11y", "the peer's pa11y")


def peer_tree(tmp: Path, rev: str) -> Path:
    """The runner at ``rev`` (git archive), with this checkout's node_modules (axe-core, vnu-jar)."""
    peer = tmp / "peer"
    peer.mkdir()
    data = subprocess.run(["git", "archive", rev, "tests/__init__.py", "tests/accessibility"], cwd=ROOT, capture_output=True,
                          check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(peer)], input=data, check=True)
    (peer / "node_modules").symlink_to(ROOT / "node_modules")
    return peer


def counted(cmd: list[str], where: Path, label: str, what: str) -> dict:
    """``timed(cmd)`` with the pages and failed pages of its summary line ``<label>: N pages, P passed, F failed``
    (failed = -1 when there is no such line)."""
    r = timed(cmd, where)
    m = re.search(label + r": (\d+) pages, (\d+) passed, (\d+) failed", r["out"])
    r["pages"] = int(m.group(1)) if m else 0
    r["failed"] = int(m.group(3)) if m else -1
    if r["rc"] not in (0, 1) or not m:
        log(f"{what} failed (exit {r['rc']}):\n{r['out'][-2000:]}")
    return r


def run_a11y(where: Path, site: Path, *args: str) -> dict:
    return counted([PY, "-m", "tests.accessibility.run", "--site", str(site), "-q", *args], where, "accessibility", "the run")


def change_one_project(corpus: Path) -> str:
    """Edit the name of the middle 事業 of the synthetic corpus (what an editor does); its id."""
    text = corpus.read_text(encoding="utf-8")
    ids = re.findall(r"(?m)^( +)- id: (project-\d+)\n\1  name: (.*)$", text)
    indent, pid, name = ids[len(ids) // 2]
    text = text.replace(f"{indent}- id: {pid}\n{indent}  name: {name}\n", f"{indent}- id: {pid}\n{indent}  name: {name}（改訂）\n", 1)
    corpus.write_text(text, encoding="utf-8")
    return pid


def minutes(s: float) -> str:
    return f"{s / 60:.1f} min ({s:,.0f} s)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="100 事業; print only")
    ap.add_argument("--size", type=int, default=1000, help="事業 in the synthetic corpus (default 1,000)")
    ap.add_argument("--subset", type=int, default=61, help="pages of the side-by-side comparison (default 61)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--peer-rev", default="main", help="the peer runner's git revision (default main)")
    ap.add_argument("--skip-full", action="store_true", help="no full run (and so no change run): the side-by-side part only")
    ap.add_argument("--pa11y-ci", action="store_true",
                    help="after the full run, also time the pa11y-ci command on every page (what an auditor runs)")
    args = ap.parse_args()
    n = 100 if args.quick else args.size
    session = Session("a11y_scale.py", args.quick)
    info = {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "load_before": load(),
            "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}", "size": n,
            "workers": args.workers, "peer_rev": args.peer_rev,
            "peer_commit": subprocess.run(["git", "rev-parse", "--short", args.peer_rev], cwd=ROOT, capture_output=True,
                                          text=True).stdout.strip()}
    with tempfile.TemporaryDirectory(prefix="portal-a11yscale-") as t:
        tmp = Path(t)
        project = tmp / "project"
        project.mkdir()
        for name in PROJECT_FILES:
            src, dst = ROOT / name, project / name
            dst.parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
        subprocess.run([PY, "-m", "generator.cli", "synth", str(n), str(project / "policies.yaml")], cwd=ROOT, check=True,
                       capture_output=True)
        log(f"build of {n:,} 事業")
        build = timed([PY, "-m", "generator.cli", "-C", str(project), "build"], ROOT)
        assert build["rc"] == 0, build["out"][-2000:]
        site = project / "site"
        paths = pages_of(site)
        info["pages"] = len(paths)
        info["build"] = build
        step = max(1, len(paths) // args.subset)
        subset = paths[::step][: args.subset]
        page_args = [a for p in subset for a in ("--page", p)]
        peer = peer_tree(tmp, args.peer_rev)
        log(f"side by side on {len(subset)} pages: peer ({args.peer_rev})")
        info["peer_subset"] = run_a11y(peer, site, *page_args, "--report", "none")
        log(f"side by side on {len(subset)} pages: peer ({args.peer_rev}), its second engine")
        info["peer_pa11y"] = peer_pa11y(peer, site, page_args)
        info["load_mid"] = load()
        log(f"side by side on {len(subset)} pages: ours")
        info["ours_subset"] = run_a11y(ROOT, site, *page_args, "--report", "none", "--workers", str(args.workers))
        info["subset"] = len(subset)
        if not args.skip_full:
            results = tmp / "results.json"
            log(f"full run of {len(paths):,} pages")
            info["full"] = run_a11y(ROOT, site, "--workers", str(args.workers), "--publish", "--results", str(results),
                                    "--report", "json", "--report-dir", str(tmp / "reports"))
            rep = json.loads((tmp / "reports" / "accessibility.json").read_text(encoding="utf-8"))
            info["full"]["html_seconds"] = rep["html_validator"]["seconds"]
            info["full"]["proven"] = sum(bool(p.get("proven_by")) for p in rep["pages"])
            if args.pa11y_ci:
                log(f"the pa11y-ci command on every page ({len(paths):,})")
                info["pa11y"] = timed([PY, "-m", "tests.accessibility.pa11y", "--site", str(site), "--report",
                                       str(tmp / "pa11y.json")], ROOT)
                info["pa11y"]["tail"] = info["pa11y"]["out"].strip().splitlines()[-1:] or [""]
            pid = change_one_project(project / "policies.yaml")
            log(f"one 事業 changed ({pid}): build")
            info["change_build"] = timed([PY, "-m", "generator.cli", "-C", str(project), "build"], ROOT)
            log("one 事業 changed: --changed-only")
            info["change"] = run_a11y(ROOT, site, "--workers", str(args.workers), "--changed-only", "--baseline", str(results),
                                      "--report", "json", "--report-dir", str(tmp / "reports-change"))
            rep = json.loads((tmp / "reports-change" / "accessibility.json").read_text(encoding="utf-8"))
            info["change"]["changed"] = rep["changed_only"]["changed"]
            info["change"]["full_run"] = rep["changed_only"]["full"]
    info["load_after"] = load()
    info["runtime"] = time.monotonic() - T0
    steps = ("build", "peer_subset", "peer_pa11y", "ours_subset", "full", "pa11y", "change_build", "change")
    own = sum(info[k]["cpu"] for k in steps if info.get(k)) + sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    info["other_cpu"], info["other_share"] = session.other_work(own=own)
    text = report(info)
    print(text)
    if not args.quick and not args.skip_full:
        write_section(ROOT / "docs" / "benchmarks.md", SECTION, text)
        log("wrote its section of docs/benchmarks.md")


def report(i: dict) -> str:
    ps, os_ = i["peer_subset"], i["ours_subset"]
    per = lambda r, n: r["wall"] / max(n, 1)  # noqa: E731
    L = [
        f"## Accessibility gate at {i['size']:,} 事業 ({i['pages']:,} pages)", "",
        f"Written by `bench/a11y_scale.py` ({i['runtime'] / 60:.0f} min) on {i['date']}; {i['machine']}. "
        f"Load average before / between the side-by-side runs / after: {i['load_before']} / {i['load_mid']} / {i['load_after']}. "
        f"Other processes used {i['other_cpu']:,.0f} CPU-seconds meanwhile ({i['other_share']:.0%} of the {os.cpu_count()} cores): "
        + ("**other work was running** on the same two cores (other engineers' builds, tests and browsers), so every wall "
           "time here is slower than on an idle machine; the CPU seconds (whole process tree: Python, chromedriver, Chromium, "
           "Java) depend on it much less." if i["other_share"] > BUSY_SHARE else "the machine was quiet."), "",
        f"Targets (issue #14): a full run of every page ≤ {TARGET_FULL // 60} min on 2 cores; one 事業 changed → its full "
        f"verdict ≤ {TARGET_CHANGE // 60} min.", "",
        f"### Side by side on the same {i['subset']} pages (every {i['pages'] // i['subset']}th page of the sitemap), both engines", "",
        "| gate | wall | pages/s | wall per page | CPU | CPU per page |", "|---|---:|---:|---:|---:|---:|",
    ]
    pp = i.get("peer_pa11y")

    def row(label: str, r: dict, n: int) -> str:
        return (f"| {label} | {r['wall']:.0f} s | {n / r['wall']:.2f} | {per(r, n):.2f} s | {r['cpu']:.0f} s | "
                f"{r['cpu'] / max(n, 1):.2f} s |")

    n = max(ps["pages"], 1)
    peer_total = dict(ps)
    if pp:
        L.append(row(f"peer: the runner of `{i['peer_rev']}` ({i['peer_commit']}), as it runs there (axe-core and the checks)", ps, n))
        L.append(row("peer: its second engine, the pa11y-ci command (`tests.accessibility.pa11y`, concurrency 1)", pp, n))
        peer_total = {"wall": ps["wall"] + pp["wall"], "cpu": ps["cpu"] + pp["cpu"]}
        L.append(row("**peer: both engines**", peer_total, n))
    else:
        L.append(row(f"peer: the gate of `{i['peer_rev']}` ({i['peer_commit']}), as it runs there (both engines)", ps, n))
    L.append(row(f"**ours: both engines**, {i['workers']} browsers, pa11y's HTML_CodeSniffer in the runner's page loads, "
                 "as `make a11y-full` runs them", os_, max(os_["pages"], 1)))
    ours_cpu, peer_cpu = os_["cpu"] / max(os_["pages"], 1), peer_total["cpu"] / n
    cores = os.cpu_count() or 1
    L += [
        "", f"Both found {ps['failed']}{' + ' + str(pp['failed']) if pp else ''} / {os_['failed']} failing pages.", "",
        f"Projected full run of all {i['pages']:,} pages from the CPU per page (the figure that depends least on the "
        f"load; on {cores} idle cores a run cannot be faster than its CPU time divided by {cores}, and with "
        f"{i['workers']} browsers kept busy it comes close to that): ours {ours_cpu:.2f} s × {i['pages']:,} / {cores} = "
        f"{minutes(ours_cpu * i['pages'] / cores)} (target ≤ {TARGET_FULL // 60} min: "
        f"{'✓' if ours_cpu * i['pages'] / cores <= TARGET_FULL else '✗'}); the peer {peer_cpu:.2f} s → "
        f"{minutes(peer_cpu * i['pages'] / cores)}.", "",
    ]
    if "full" in i:
        f, c, b, cb = i["full"], i["change"], i["build"], i["change_build"]
        ok_full = f["wall"] <= TARGET_FULL
        verdict = cb["wall"] + c["wall"]
        L += [
            "### Full run and one changed 事業", "",
            "| step | wall | CPU | pages checked | target | |", "|---|---:|---:|---:|---:|:-:|",
            f"| `portal build` ({i['pages']:,} pages) | {b['wall']:.0f} s | {b['cpu']:.0f} s | | | |",
            f"| full run, every page, both engines (`make a11y-full`) | {minutes(f['wall'])} | {f['cpu']:.0f} s | {f['pages']:,} | "
            f"≤ {TARGET_FULL // 60} min | {'✓' if ok_full else '✗'} |",
            f"| one 事業 changed: `portal build` | {cb['wall']:.0f} s | {cb['cpu']:.0f} s | | | |",
            f"| one 事業 changed: `--changed-only` (`make a11y`, both engines) | {c['wall']:.0f} s | {c['cpu']:.0f} s | {c['pages']} "
            f"({len(c['changed'])} changed) | | |",
            f"| one 事業 changed: build + verdict | {minutes(verdict)} | | | ≤ {TARGET_CHANGE // 60} min | "
            f"{'✓' if verdict <= TARGET_CHANGE else '✗'} |",
            "",
            f"Full run: {f['pages'] / f['wall']:.2f} pages/s; the navigation drawer state was proven on another page for "
            f"{f['proven']:,} pages; the validator ran {f['html_seconds']:.0f} s alongside the browsers. "
            f"CPU per page: {f['cpu'] / max(f['pages'], 1):.2f} s, so on 2 idle cores the run needs at least "
            f"{minutes(f['cpu'] / 2)} of CPU time (the floor if nothing else ran).", "",
            (f"The pa11y-ci command itself (`make a11y-pa11y-ci`, what an auditor runs; the gate runs pa11y inside its own "
             f"page loads and gives the same issues), timed after the full run on every page: "
             f"{minutes(i['pa11y']['wall'])} wall, {i['pa11y']['cpu']:,.0f} s CPU, exit {i['pa11y']['rc']} "
             f"(`{i['pa11y']['tail'][0][:160]}`)." if "pa11y" in i else
             "The pa11y-ci command itself (`make a11y-pa11y-ci`) was not timed here (`--pa11y-ci` times it)."), "",
            "Pages whose HTML changed with the one 事業: " + ", ".join(f"`{p}`" for p in c["changed"][:12])
            + (" …" if len(c["changed"]) > 12 else "") + ". The others kept the recorded verdict; one page per kind was "
            "checked besides.", "",
        ]
    return "\n".join(L)


if __name__ == "__main__":
    main()
