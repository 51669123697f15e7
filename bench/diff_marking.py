"""How well `portal diff` marks the changed characters of Japanese text: the standard library's
difflib.SequenceMatcher (what generator.diff uses) side by side with Google's diff-match-patch
(PyPI `diff-match-patch`, with its semantic clean-up, the usual choice for human-readable diffs).

    pip install diff-match-patch   # the peer, only for this script
    .venv/bin/python bench/diff_marking.py

Every text of the seed corpus (purposes, issues, actions, paragraphs …) gets the edits an editor makes,
each at a fixed pseudo-random place (seeded, so every run is the same): replace a word, insert a clause,
delete a phrase, fix one character, rewrite the second half (with the start of another text). For each edit the true change is known.
Printed per method and edit: how many marked stretches (<del>/<ins>) a reader has to look at, how many
characters are marked beyond the true edit (0 = exact), and the time per text. A Markdown table.
"""

from __future__ import annotations

import difflib
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.validate import validate_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
INSERTS = ["、市民との協働により", "を着実に", "及び区役所", "（仮称）", "について検討し"]
WORDS = ["推進", "支援", "実施", "検討", "充実", "運営", "制度", "地域"]


def texts() -> list[str]:
    corpus = validate_file(ROOT / "policies.yaml").corpus
    out: list[str] = []

    def walk(obj) -> None:
        if isinstance(obj, str):
            if len(obj) >= 15 and not obj.startswith("http") and obj.isascii() is False:
                out.append(obj)
        elif isinstance(obj, list):
            for v in obj:
                walk(v)
        elif hasattr(type(obj), "model_fields"):
            for name in type(obj).model_fields:
                walk(getattr(obj, name))

    walk(corpus)
    return sorted(set(out))


def edits(text: str, rnd: random.Random, others: list[str]) -> dict[str, tuple[str, int]]:
    """{edit: (new text, characters truly changed)}"""
    n = len(text)
    i = rnd.randrange(1, n - 3)
    out = {}
    word = rnd.choice(WORDS)
    out["replace a word"] = (text[:i] + word + text[i + 2:], 2 + len(word))
    ins = rnd.choice(INSERTS)
    out["insert a clause"] = (text[:i] + ins + text[i:], len(ins))
    k = min(6, n - i - 1)
    out["delete a phrase"] = (text[:i] + text[i + k:], k)
    out["fix one character"] = (text[:i] + "〇" + text[i + 1:], 2)
    half = n // 2
    other = rnd.choice(others)[: n - half]  # the second half replaced by the start of another text of the corpus
    out["rewrite half"] = (text[:half] + other, (n - half) + len(other))
    return out


def spans_stdlib(a: str, b: str) -> list[tuple[str, str]]:
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("=", a[i1:i2]))
        else:
            if i2 > i1:
                ops.append(("-", a[i1:i2]))
            if j2 > j1:
                ops.append(("+", b[j1:j2]))
    return ops


def spans_dmp(a: str, b: str):
    import diff_match_patch

    dmp = diff_match_patch.diff_match_patch()
    d = dmp.diff_main(a, b)
    dmp.diff_cleanupSemantic(d)
    return [({0: "=", -1: "-", 1: "+"}[op], s) for op, s in d]


def main() -> None:
    methods = {"difflib.SequenceMatcher (stdlib)": spans_stdlib}
    try:
        import diff_match_patch  # noqa: F401

        methods["diff-match-patch + cleanupSemantic"] = spans_dmp
    except ImportError:
        print("(diff-match-patch is not installed: only the standard library is measured)")
    corpus = texts()
    rnd = random.Random(8341)
    cases = [(t, name, new, true) for t in corpus for name, (new, true) in edits(t, rnd, corpus).items()]
    print(f"{len(corpus)} texts of the seed corpus (median {statistics.median(len(t) for t in corpus)} characters), "
          f"{len(cases)} edits; Python {platform.python_version()}, {platform.machine()}; {time.strftime('%Y-%m-%d')}\n")
    print("| edit | method | marked stretches (mean) | characters marked beyond the edit (mean) | exact (%) | µs per text |")
    print("|---|---|---:|---:|---:|---:|")
    for edit in ["replace a word", "insert a clause", "delete a phrase", "fix one character", "rewrite half"]:
        for label, fn in methods.items():
            stretches, extra, exact, times = [], [], 0, []
            for text, name, new, true in cases:
                if name != edit:
                    continue
                t0 = time.perf_counter()
                ops = fn(text, new)
                times.append(time.perf_counter() - t0)
                marked = [s for tag, s in ops if tag != "="]
                stretches.append(len(marked))
                over = sum(len(s) for s in marked) - true
                extra.append(over)
                exact += over <= 0
            print(f"| {edit} | {label} | {statistics.mean(stretches):.2f} | {statistics.mean(extra):.2f} | "
                  f"{100 * exact / len(stretches):.0f} | {1e6 * statistics.mean(times):.0f} |")


if __name__ == "__main__":
    main()
