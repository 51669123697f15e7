"""Mutation testing of generator/ with mutmut (``make mutation``; not part of CI: it takes a while).

mutmut 3 makes small deliberate bugs ("mutants": ``<`` for ``<=``, ``None`` for a value, a string
changed ...) one at a time and runs the tests that call the mutated function (it records which tests
call which function first). A mutant no test notices "survives": either a test is missing or the
change cannot matter. docs/mutation.md lists the score and every survivor.

Each module runs on its own, with its own fast test subset (unit tests, never the browser suite), in a
scratch copy of the repository under build/mutation/<module>/ (mutmut reads its settings from the
pyproject.toml of the folder it runs in, and writes its mutants/ there). Results are kept: running
again only tests what changed. ``--fresh`` starts over.

    .venv/bin/python tools/mutation.py                       # every module of generator/ (the five targets first)
    .venv/bin/python tools/mutation.py validate render       # some modules
    .venv/bin/python tools/mutation.py --report-only         # rewrite docs/ from the kept results
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "mutation"
DOC = ROOT / "docs" / "mutation.md"
SURVIVORS_DOC = ROOT / "docs" / "mutation-survivors.md"
MUTMUT = Path(sys.executable).with_name("mutmut")

# The five modules the target (≥ 90 % killed) is for, then the rest of generator/.
TARGETS = ("validate", "loader", "render", "pages", "build")
UNIT = "tests/unit/"
# Per module: the tests mutmut may run (it runs, of these, only those that call the mutated function).
# Left out everywhere: the browser suite (tests/accessibility), the site builds (tests/site), and the
# unit tests that build a wheel, resolve the lock or run git (test_packaging, test_lock).
HEAVY = [  # slow and calling nearly everything: every mutant would run them
    "--deselect", UNIT + "test_generate.py::test_list_pages_stay_small_at_10000_projects",
    "--deselect", UNIT + "test_generate.py::test_parallel_rendering_gives_the_same_bytes_in_the_same_order",
]
TESTS: dict[str, list[str]] = {
    # test_a11y_claims.py: accessibility/manual-checks.yaml goes through validate.validate_other
    "validate": [UNIT + "test_validate.py", UNIT + "test_validate_units.py", UNIT + "test_pasted_text.py",
                 UNIT + "test_validate_messages.py", UNIT + "test_a11y_claims.py"],
    "loader": [UNIT + "test_loader_units.py", UNIT + "test_validate.py", UNIT + "test_validate_units.py",
               UNIT + "test_pasted_text.py"],
    # test_generate.py holds the golden Markdown pages (tests/golden/seed); test_golden_files.py the twins and data
    "render": [UNIT + "test_render.py", UNIT + "test_golden_files.py", UNIT + "test_generate.py", *HEAVY],
    "pages": [UNIT + "test_golden_files.py", UNIT + "test_pages.py", UNIT + "test_generate.py",
              UNIT + "test_report_link.py", UNIT + "test_a11y_claims.py", UNIT + "test_renames.py",
              UNIT + "test_editors_and_reusers.py", *HEAVY],
    "build": [UNIT + "test_build.py", UNIT + "test_golden_files.py", UNIT + "test_generate.py", *HEAVY],
}
DEFAULT_TESTS = [UNIT]  # any other module: the unit tests
SKIP_IN_UNIT = ["--ignore", UNIT + "test_packaging.py", "--ignore", UNIT + "test_lock.py"]
# What the tests read besides generator/ and tests/ (mutmut copies these into mutants/).
ALSO_COPY = ["policies.yaml", "corpus", "mkdocs.yml", "content", "theme", "schema", "accessibility", "docs", "tools", "README.md",
             "requirements", ".pre-commit-config.yaml"]
COPY_IGNORE = shutil.ignore_patterns(".venv*", "node_modules", "build", "site", ".git", "mutants", "reports",
                                     "__pycache__", ".pytest_cache", ".hypothesis", ".portal-tmp-*", "*.egg-info")

KILLED = {"killed", "timeout", "caught by type check"}
UNCHECKED = {"not checked", "check was interrupted by user"}  # a run stopped early: not counted either way


def modules() -> list[str]:
    rest = sorted(p.stem for p in (ROOT / "generator").glob("*.py") if p.stem not in TARGETS and p.stem != "__init__")
    return [*TARGETS, *rest]


def tests_for(module: str) -> list[str]:
    """The test files (and options) given to mutmut for ``module``; files that do not exist are left out."""
    out, given = [], TESTS.get(module, DEFAULT_TESTS)
    for i, t in enumerate(given):
        if t.startswith("--") or (i and given[i - 1].startswith("--")) or (ROOT / t).exists():
            out.append(t)
    return out


def prepare(module: str, fresh: bool) -> Path:
    """build/mutation/<module>/: the repository's files and a [tool.mutmut] section for this module."""
    work = WORK / module
    if fresh and work.exists():
        shutil.rmtree(work)
    mutants = work / "mutants"
    keep = work.parent / f".{module}-mutants"
    if mutants.exists():  # keep mutmut's results (and its record of which tests call what) across runs
        mutants.rename(keep)
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(ROOT, work, ignore=COPY_IGNORE)
    if keep.exists():
        keep.rename(mutants)
        # mutmut copies generator/'s other files (templates, data) into mutants/ only when they are not there yet:
        # kept results would otherwise run the tests against the templates of the first run
        shutil.copytree(work / "generator", mutants / "generator", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    tests = tests_for(module)
    config = {
        "source_paths": ["generator/"],
        "only_mutate": [f"generator/{module}.py"],
        "also_copy": ALSO_COPY,
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-q", "-p", "tools.mutation"],
        "pytest_add_cli_args_test_selection": tests + (SKIP_IN_UNIT if UNIT in tests else []),
        "timeout_multiplier": 10.0,
    }
    lines = ["", "[tool.mutmut]"] + [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in config.items()]
    with (work / "pyproject.toml").open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return work


def run(module: str, children: int, fresh: bool, survivors: bool = False, sample: str = "",
        also: tuple[str, ...] = ()) -> dict:
    names = [name for name, _ in results(module)["survivors"]] if survivors else []
    # mutmut name patterns tested as well (again, if tested before): e.g. every mutant of a function changed since
    # the kept results, whose old verdicts mutmut has forgotten, in the same run as the survivors
    names += [f"generator.{module}.{a}" if not a.startswith("generator.") else a for a in also]
    if sample:  # a systematic sample: the mutants whose number ends in one of these digits, in every function
        pattern = f"generator.{module}.*__mutmut_*[{sample}]"
        kept = _codes(module)
        if kept is None or fresh:
            names.append(pattern)
        else:  # mutmut tests again every mutant named: name only those of the sample not tested yet
            todo = [n for n, code in kept.items() if code is None and fnmatch.fnmatch(n, pattern)]
            if not todo:
                print(f"== {module}: every mutant of the sample {pattern} is tested", flush=True)
                return results(module)
            names += todo
    if survivors and not names:
        print(f"== {module}: no survivor to test again", flush=True)
        return results(module)
    meta = WORK / module / "mutants" / "generator" / f"{module}.py.meta"
    before = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
    work = prepare(module, fresh)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1", "SE_OFFLINE": "true"}
    load_before = os.getloadavg()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    print(f"== {module}: mutmut run (tests: {' '.join(tests_for(module))})", flush=True)
    log = work / "mutmut.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.run([str(MUTMUT), "run", "--max-children", str(children), *names], cwd=work, env=env,
                              stdout=out, stderr=subprocess.STDOUT)
    wall = time.monotonic() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    tail = log.read_text(encoding="utf-8", errors="replace")[-600:]
    if proc.returncode != 0:
        print(f"   mutmut failed (exit {proc.returncode}); see {log.relative_to(ROOT)}:\n{tail}", flush=True)
    timing = {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "load_before": [round(x, 2) for x in load_before],
              "load_after": [round(x, 2) for x in os.getloadavg()], "children": children,
              "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "exit": proc.returncode,
              "sample": sample, "tests": tests_for(module)}
    with (work / "runs.jsonl").open("a", encoding="utf-8") as f:  # every run of this module, kept with its results
        f.write(json.dumps(timing) + "\n")
    if survivors and before:
        _keep_verdicts(module, before)
    res = results(module)
    if not res["checked"]:
        print(f"   no mutant was tested (mutmut exit {proc.returncode}): nothing to report for {module}", flush=True)
        return res
    print(f"   {res['killed']}/{res['checked']} killed ({res['score']:.1f} %), {len(res['survivors'])} survived, "
          f"{wall:.0f} s wall, {cpu:.0f} s CPU, load {timing['load_before'][0]} → {timing['load_after'][0]}", flush=True)
    return res


def _keep_verdicts(module: str, before: dict) -> None:
    """After ``--survivors``: mutmut forgets every verdict when the tests given to it change (a test file
    added to TESTS), and tested again only the survivors. A mutant killed before stays killed with more
    tests, so its verdict is put back (tests are only ever added to a module's list, never taken away)."""
    meta = WORK / module / "mutants" / "generator" / f"{module}.py.meta"
    if not meta.exists():
        return
    data = json.loads(meta.read_text(encoding="utf-8"))
    codes, hashes = data["exit_code_by_key"], data["hash_by_function_name"]
    old_codes, old_hashes = before["exit_code_by_key"], before["hash_by_function_name"]
    for name, code in old_codes.items():
        function = name.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[-1]  # generator.pages.xǁIndexǁtitle__mutmut_3
        same_code = function in hashes and hashes[function] == old_hashes.get(function)
        if same_code and name in codes and codes[name] is None and code is not None:
            codes[name] = code
    meta.write_text(json.dumps(data, indent=4), encoding="utf-8")


def _codes(module: str) -> dict | None:
    meta = WORK / module / "mutants" / "generator" / f"{module}.py.meta"
    return json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"] if meta.exists() else None


def results(module: str) -> dict:
    """The kept verdicts of one module (from mutants/generator/<module>.py.meta)."""
    work = WORK / module
    meta = work / "mutants" / "generator" / f"{module}.py.meta"
    if not meta.exists():
        return {"module": module, "total": 0, "checked": 0, "unchecked": 0, "killed": 0, "score": 0.0, "statuses": {},
                "survivors": [], "timing": None}
    from mutmut.stats import status_by_exit_code

    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    statuses: dict[str, int] = {}
    survivors = []
    for name, code in sorted(codes.items()):
        status = status_by_exit_code[code]
        statuses[status] = statuses.get(status, 0) + 1
        if status not in KILLED | UNCHECKED:
            survivors.append((name, status))
    killed = sum(n for s, n in statuses.items() if s in KILLED)
    unchecked = sum(n for s, n in statuses.items() if s in UNCHECKED)
    checked = len(codes) - unchecked
    runs_path = work / "runs.jsonl"
    runs = [json.loads(line) for line in runs_path.read_text(encoding="utf-8").splitlines()] if runs_path.exists() else []
    cpu = [r["cpu_s"] for r in runs]
    timing = {"wall_s": round(sum(r["wall_s"] for r in runs), 1),
              "cpu_s": round(sum(cpu), 1) if None not in cpu else "?",  # ? : a run whose CPU time was not measured
              "load_before": runs[0]["load_before"], "load_after": runs[-1]["load_after"], "date": runs[-1]["date"],
              "first": runs[0]["date"], "runs": len(runs), "samples": [r.get("sample", "") for r in runs],
              "tests": sorted({t for r in runs for t in r.get("tests", tests_for(module)) if t.endswith(".py")})} if runs else None
    return {"module": module, "total": len(codes), "checked": checked, "unchecked": unchecked, "killed": killed,
            "score": 100.0 * killed / checked if checked else 0.0, "statuses": statuses, "survivors": survivors,
            "timing": timing}


def pytest_runtest_setup(item) -> None:
    """A pytest hook (mutmut's pytest loads this module with ``-p tools.mutation``): empty every cache of
    generator/ before each test. mutmut tests each mutant in a fork of the process that ran the tests
    first, so a cached result (``build._env``'s Jinja environment, ``render.md`` ...) would come from the
    unmutated code and hide the mutant; and a test would be recorded as calling a cached function only
    when it filled the cache."""
    for name, module in list(sys.modules.items()):
        if name == "generator" or name.startswith("generator."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()


KILLERS = "mutmut-killers.tsv"  # in mutants/: "<function>\t<test>" for every test that failed on a mutant


def _mutant() -> str:
    name = os.environ.get("MUTANT_UNDER_TEST", "")
    return name if "__mutmut_" in name else ""


def pytest_collection_modifyitems(session, config, items) -> None:
    """A pytest hook: while a mutant is tested, run first the tests that killed another mutant of the same
    function (mutmut runs a mutant's tests with -x, fastest first, and stops at the first failure).
    The same tests run, only in another order: a killed mutant is found sooner, a survivor costs the same.
    Mutants of one function are mostly killed by the same few tests, and for render/pages/build those are
    often not the fastest: the fastest tests are small unit tests that the mutant does not touch."""
    mutant = _mutant()
    if not mutant or not os.path.exists(KILLERS):
        return
    function = mutant.partition("__mutmut_")[0]
    with open(KILLERS, encoding="utf-8") as f:
        killers = {test for line in f for fn, _, test in [line.rstrip("\n").partition("\t")] if fn == function}
    if killers:
        items.sort(key=lambda item: item.nodeid not in killers)  # stable: otherwise mutmut's order


def pytest_runtest_logreport(report) -> None:
    """A pytest hook: note which test killed the mutant under test (for ``pytest_collection_modifyitems``)."""
    mutant = _mutant()
    if mutant and report.failed:
        with open(KILLERS, "a", encoding="utf-8") as f:  # one short line per write: appends do not interleave
            f.write(f"{mutant.partition('__mutmut_')[0]}\t{report.nodeid}\n")


def diff_of(module: str, name: str) -> str:
    proc = subprocess.run([str(MUTMUT), "show", name], cwd=WORK / module, capture_output=True, text=True)
    lines = [line for line in proc.stdout.splitlines()[1:]
             if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))]
    return "\n".join(lines) if lines else proc.stdout.strip()


BEGIN = "<!-- mutation-figures: generated by tools/mutation.py; do not edit by hand -->"
END = "<!-- /mutation-figures -->"


def write_docs(all_results: list[dict]) -> None:
    rows = ["| module | mutants | tested | killed | survived | no tests | timeout | score | time (wall / CPU) | load (1 min) before → after | tests given to mutmut |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|"]
    missing, kept = [], []
    old_rows, old_sections = _previous_docs()
    for r in all_results:
        if not r["checked"]:
            if r["module"] in old_rows:  # run in another folder (its scratch results are not here): keep its figures
                rows.append(old_rows[r["module"]])
                kept.append(r["module"])
            else:
                missing.append(r["module"])
            continue
        s, t = r["statuses"], r["timing"] or {}
        target = " **(target ≥ 90 %)**" if r["module"] in TARGETS else ""
        samples = sorted({x for x in t.get("samples", []) if x})
        partial = (f" (sample: numbers ending in {'/'.join(samples)}; {r['unchecked']} not tested)" if r["unchecked"] and samples
                   else f" (partial: {r['unchecked']} not tested)" if r["unchecked"] else "")
        rows.append(
            f"| `{r['module']}.py`{target} | {r['total']} | {r['checked']} | {r['killed']} | {s.get('survived', 0)} | "
            f"{s.get('no tests', 0)} | {s.get('timeout', 0)} | {r['score']:.1f} %{partial} | {t.get('wall_s', '?')} s / {t.get('cpu_s', '?')} s | "
            f"{(t.get('load_before') or ['?'])[0]} → {(t.get('load_after') or ['?'])[0]} | "
            f"{', '.join('`' + x.removeprefix(UNIT) + '`' for x in t.get('tests', []))} |")
    dates = sorted(d for r in all_results if r["timing"] for d in (r["timing"]["first"], r["timing"]["date"]))
    head = (f"mutmut {_mutmut_version()}, Python {platform.python_version()}, {os.cpu_count()} cores shared with other "
            f"engineers' work (the load columns show it); runs between {dates[0] if dates else '?'} and "
            f"{dates[-1] if dates else '?'}. Score = killed (a test failed, or the mutant hung past the timeout) / mutants tested; "
            "a mutant no selected test calls (no tests) counts as surviving."
            + (f" The rows of {', '.join('`' + m + '.py`' for m in kept)} are kept from the previous version of this page "
               "(run in another folder; their dates are in the notes below)." if kept else ""))
    not_run = [m for m in missing if m in TARGETS]
    tail = [f"No row (no kept results in this checkout, and none on the previous version of this page): "
            f"{', '.join('`' + m + '.py`' for m in not_run) or 'none'} of the target modules (an earlier figure, if any, "
            f"is in the notes below); {len(missing) - len(not_run)} other modules of generator/ (not run)."] if missing else []
    block = "\n".join([BEGIN, "", head, "", *rows, "", *tail, "", END])
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Mutation testing\n\n" + BEGIN + "\n" + END + "\n"
    start, end = text.index(BEGIN), text.index(END) + len(END)
    DOC.write_text(text[:start] + block + text[end:], encoding="utf-8")
    out = ["# Surviving mutants (generated by tools/mutation.py)", "",
           "Every mutant no test killed, as the diff mutmut shows. docs/mutation.md says why each kind cannot "
           "change what a citizen or editor sees, or names the test that now kills it.", ""]
    for r in all_results:
        if r["module"] in kept and r["module"] in old_sections:
            out += old_sections[r["module"]]
            continue
        if not r["survivors"]:
            continue
        out += [f"## generator/{r['module']}.py ({len(r['survivors'])})", ""]
        for name, status in r["survivors"]:
            out += [f"- `{name}` ({status})", "", "  ```diff", *("  " + line for line in diff_of(r["module"], name).splitlines()),
                    "  ```"]
        out.append("")
    SURVIVORS_DOC.write_text("\n".join(out), encoding="utf-8")


def _previous_docs() -> tuple[dict[str, str], dict[str, list[str]]]:
    """The figures row and the survivors section of each module in the docs as they are now, so that a run of
    one module in a fresh folder (build/mutation/ is not in the repository) keeps the other modules' figures."""
    rows: dict[str, str] = {}
    sections: dict[str, list[str]] = {}
    if DOC.exists() and BEGIN in DOC.read_text(encoding="utf-8"):
        text = DOC.read_text(encoding="utf-8")
        for line in text[text.index(BEGIN):text.index(END)].splitlines():
            m = re.match(r"\| `(\w+)\.py`", line)
            if m:
                rows[m.group(1)] = line
    if SURVIVORS_DOC.exists():
        current = None
        for line in SURVIVORS_DOC.read_text(encoding="utf-8").splitlines():
            m = re.match(r"## generator/(\w+)\.py \(", line)
            if m:
                current = m.group(1)
                sections[current] = []
            elif line.startswith("## "):
                current = None
            if current is not None:
                sections[current].append(line)
    return rows, sections


def _mutmut_version() -> str:
    proc = subprocess.run([sys.executable, "-c", "import mutmut; print(mutmut.__version__)"], capture_output=True, text=True)
    return proc.stdout.strip() or "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("modules", nargs="*", help="modules of generator/ (default: all, the five targets first)")
    ap.add_argument("--children", type=int, default=2, help="mutants tested at once (the machine has 2 shared cores)")
    ap.add_argument("--fresh", action="store_true", help="forget kept results")
    ap.add_argument("--survivors", action="store_true", help="test again only the mutants that survived (after adding tests)")
    ap.add_argument("--sample", default="", metavar="DIGITS",
                    help="test only the mutants whose number ends in one of DIGITS (e.g. 369: about 3 in 10), "
                         "when there is no time for all; the others stay 'not tested' (partial)")
    ap.add_argument("--also", action="append", default=[], metavar="PATTERN",
                    help="also test the mutants whose name matches (mutmut's pattern, e.g. 'x_resolve__mutmut_*': every "
                         "mutant of a function changed since the kept results); with --survivors, in the same run")
    ap.add_argument("--report-only", action="store_true", help="only rewrite docs/ from kept results")
    ap.add_argument("--no-docs", action="store_true", help="do not rewrite docs/")
    args = ap.parse_args(argv)
    known = modules()
    chosen = args.modules or known
    unknown = [m for m in chosen if m not in known]
    if unknown:
        ap.error(f"not a module of generator/: {', '.join(unknown)}")
    if not args.report_only:
        for module in chosen:
            run(module, args.children, args.fresh, args.survivors, args.sample, tuple(args.also))
    all_results = [results(m) for m in known]
    if not args.no_docs:
        write_docs(all_results)
        print(f"wrote {DOC.relative_to(ROOT)} and {SURVIVORS_DOC.relative_to(ROOT)}")
    low = [r for r in all_results if r["module"] in TARGETS and r["checked"] and r["score"] < 90]
    for r in low:
        print(f"below 90 %: generator/{r['module']}.py {r['score']:.1f} %")
    return 1 if low and not args.report_only else 0


if __name__ == "__main__":
    sys.exit(main())
