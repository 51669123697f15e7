"""A deterministic synthetic corpus of N 事業 built from the seed vocabulary (for benchmarks).

``portal synth N OUT`` writes a valid policies.yaml with N 事業, grouped 5 to a 主な取組 and
4 主な取組 to a 基本施策 and 10 基本施策 to a 基本政策, plus 施政方針 paragraphs that link to them.
The same N always gives the same bytes. ``--split`` writes the same corpus in part files (one per 基本政策
and per 施政方針 under ``corpus/``), for comparing the two layouts (bench/split_bench.py).
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

PER_INITIATIVE = 5
PER_MEASURE = 4
PER_POLICY = 10


def _vocabulary(seed_path: Path) -> dict[str, list]:
    from .parts import assemble

    seed = assemble(seed_path).data  # the seed may be split into part files
    projects, initiatives, paragraphs = [], [], []
    for policy in seed["policies"]:
        for measure in policy.get("measures", []):
            for ini in measure.get("initiatives", []):
                initiatives.append(ini)
                projects.extend(p for p in ini.get("projects", []) if "ref" not in p)
    for st in seed.get("statements", []):
        for sec in st["sections"]:
            paragraphs.extend(p["text"] for p in sec["paragraphs"])
    return {"site": seed["site"], "contacts": seed["contacts"], "projects": projects,
            "initiatives": initiatives, "paragraphs": paragraphs}


def synth(n: int, seed_path: Path) -> dict:
    """``n`` 事業 made from the vocabulary of the corpus at ``seed_path``."""
    rng = random.Random(n)
    vocab = _vocabulary(seed_path)
    plans = [{"id": "plan-a", "title": "計画期間 2011～2013年度", "start": 2011, "end": 2013, "later_label": "2014年度以降"}]
    policies = []
    paragraphs = []
    made = 0
    p_no = 0
    while made < n:
        p_no += 1
        policy = {"id": f"policy-{p_no}", "number": str(p_no), "number_label": f"基本政策{p_no}",
                  "title": rng.choice(vocab["initiatives"])["title"] + "のまちづくり", "plans": ["plan-a"], "measures": []}
        for m_no in range(1, PER_POLICY + 1):
            if made >= n:
                break
            measure = {"id": f"measure-{p_no}-{m_no}", "plan": "plan-a", "code": f"{p_no}-{m_no}",
                       "title": rng.choice(vocab["initiatives"])["title"], "contact": vocab["contacts"][0]["id"],
                       "initiatives": []}
            for i_no in range(1, PER_MEASURE + 1):
                if made >= n:
                    break
                src = rng.choice(vocab["initiatives"])
                ini = {"id": f"initiative-{p_no}-{m_no}-{i_no}", "number": "①②③④⑤⑥⑦⑧⑨"[i_no - 1],
                       "title": src["title"], "issues": list(src.get("issues", [])), "actions": list(src.get("actions", [])),
                       "projects": []}
                for _ in range(PER_INITIATIVE):
                    if made >= n:
                        break
                    made += 1
                    proj = dict(rng.choice(vocab["projects"]))
                    proj["id"] = f"project-{made}"
                    proj["name"] = f"{proj['name']}（{made}）"
                    ini["projects"].append(proj)
                if made > 10 and rng.random() < 0.1:
                    ini["projects"].append({"ref": f"project-{rng.randint(1, made - 6)}"})
                measure["initiatives"].append(ini)
            policy["measures"].append(measure)
        policies.append(policy)
        paragraphs.append({"id": f"para-{p_no}", "text": rng.choice(vocab["paragraphs"]), "policies": [policy["id"]]})
    return {
        "version": 1,
        "site": vocab["site"],
        "contacts": vocab["contacts"],
        "plans": plans,
        "policies": policies,
        "statements": [{"id": "statement-synth", "title": "施政方針（合成データ）", "fiscal_year": 2021,
                        "sections": [{"id": "section-synth", "heading": "分野別の重点施策", "paragraphs": paragraphs}]}],
    }


class _NoAliases(yaml.SafeDumper):
    """Shared lists are written out in full: the corpus format has no anchors or aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


HEADER = "# 合成コーパス（ベンチマーク用）: portal synth で作成\n"


class Exists(Exception):
    """``out`` exists and is not a synthetic corpus: it is never overwritten."""


def write(n: int, out: str | Path, seed_path: str | Path, split: bool = False) -> Path:
    """Write the corpus to ``out``; with ``split``, as a project would split it: ``out`` names one part file
    per 基本政策 and per 施政方針 under ``corpus/`` beside it (``- file: corpus/seisaku/policy-1.yaml``)."""
    out = Path(out)
    data = synth(n, Path(seed_path))
    files: dict[Path, str] = {}
    if split:
        for key, folder in (("policies", "seisaku"), ("statements", "shisei-hoshin")):
            refs = []
            for record in data[key]:
                rel = f"corpus/{folder}/{record['id']}.yaml"
                files[out.parent / rel] = HEADER + _dump(record)
                refs.append({"file": rel})
            data[key] = refs
    files = {out: HEADER + _dump(data), **files}
    for path in files:
        if path.exists():
            try:
                ours = path.is_file() and path.open("rb").read(len(HEADER.encode())) == HEADER.encode()
            except OSError:
                ours = False
            if not ours:
                raise Exists(str(path))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return out


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=200)
