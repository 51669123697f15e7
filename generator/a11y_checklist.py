"""``portal a11y-checklist``: what a person checks, on which pages, how, and where it is recorded.

It reads the last automatic run (accessibility/results.json: the listed pages, each page's HTML
fingerprint, what the automatic rules found) and the records so far (accessibility/manual-checks.yaml),
and prints in Japanese, for every JIS X 8341-3:2016 criterion of levels A and AA (or one, with
``--criterion``): its state (未確認 / 要再確認 and why / 有効), what the automatic rules found, how to
check it, and at the end the pages to check and a record to paste, filled in with the pages'
fingerprints (the record is valid only for the HTML it was made on). It writes nothing: a record is
made by the person who checked, never by the tool.
"""

from __future__ import annotations

from .a11y_criteria import BY_ID, HOW_TO_CHECK, JIS_CRITERIA
from .a11y_results import load_results, record_state
from .build import a11y_records, build_date
from .messages import format_problems
from .project import Project

AUTOMATED = {"問題なし": "問題なし", "問題あり": "問題あり", "要確認": "ツールでは判断できない箇所あり", "対象なし": "対象なし（確かめる規則がないか、対象が見つからない）"}


def checklist(project: Project, criterion: str | None = None) -> tuple[str, int]:
    """The checklist text and the exit status (1: no results yet, a bad record file or an unknown criterion)."""
    from .manual_checks import RECORDS_PATH

    if criterion is not None and criterion not in BY_ID:
        return (f"エラー: 「{criterion}」は JIS X 8341-3:2016 の適合レベル A・AA の達成基準の番号ではありません"
                "（例: --criterion 1.3.3）。"), 1
    try:
        results = load_results(project.a11y_results)
    except ValueError as exc:
        return f"エラー: {exc}", 1
    if results is None:
        return ("エラー: 自動チェックの結果（accessibility/results.json）がまだありません。"
                "make a11y-publish で作ってから、もう一度実行してください。"), 1
    today = build_date()
    records = a11y_records(project, today)
    if not records.ok:
        return format_problems(records.problems), 1
    latest = records.latest()
    auto = {c["id"]: c for c in results["criteria"]}
    pages = results["pages"]
    hashes = results["page_hashes"]
    states = {cid: record_state(rec, results, today) for cid, rec in latest.items()}
    counts = {"未確認": 0, "要再確認": 0, "有効": 0}
    for cid, *_ in JIS_CRITERIA:
        counts["未確認" if cid not in states else "有効" if states[cid]["valid"] else "要再確認"] += 1

    out = [
        "人による確認のチェックリスト（JIS X 8341-3:2016 適合レベル A・AA の 38 達成基準）",
        "",
        f"自動チェック: {results['test_date_ja']}（accessibility/results.json、{results['summary']['all_pages']}ページ）",
        f"記録: {RECORDS_PATH}（{len(records.checks)} 件）"
        + ("" if records.exists else " — ファイルがまだありません。下のひな形から作ってください"),
        f"状態: 有効 {counts['有効']}、要再確認 {counts['要再確認']}、未確認 {counts['未確認']}（{today.isoformat()} 現在）",
        "自動チェックで「問題なし」でも、達成基準を満たしているとは限りません。すべての達成基準を人が確かめます。",
        "",
    ]
    for cid, name, level in JIS_CRITERIA:
        if criterion is not None and cid != criterion:
            continue
        st = states.get(cid)
        state = "未確認" if st is None else "有効" if st["valid"] else "要再確認（" + "、".join(st["reasons"]) + "）"
        a = auto.get(cid, {})
        rules = "、".join(a.get("rules", [])) or "なし"
        out += [
            f"■ {cid} {name}（{level}） — {state}",
            f"  自動チェック: {AUTOMATED.get(a.get('automated', '対象なし'), a.get('automated', ''))}（規則: {rules}）",
            f"  確かめ方: {HOW_TO_CHECK[cid]}",
        ]
        if st is not None and st["changed"]:
            out.append("  変わったページ: " + "、".join(st["changed"][:10]) + (" …" if len(st["changed"]) > 10 else ""))
        out.append("")
    out += [f"確認するページ（試験結果に載せる {len(pages)}ページ）:"]
    out += [f"  {p['url']}  {p['title']}" for p in pages]
    out += [
        "",
        f"記録のひな形: 確かめ終えたら、{RECORDS_PATH} の「checks:」の下に貼り、criterion・date・role・applicable・result・note を書きます。",
        "pages の値はページの指紋です（いまの HTML のもの）。ページが変わると、その記録は「要再確認」になります。",
        "",
        f"- criterion: {criterion or '1.1.1'}        # 達成基準の番号",
        f"  date: {today.isoformat()}        # 確認を終えた日",
        "  role: （確認した人の役割。例: 情報管理課 ウェブ担当職員。名前は書きません）",
        "  applicable: あり        # あり / なし（対象となる内容がなければ なし、結果は 適合）",
        "  result: 適合            # 適合 / 不適合（不適合なら failed_pages: に、満たしていなかったページを並べる）",
        "  pages:",
    ]
    out += [f'    {p["path"]}: "{hashes.get(p["path"], "")}"' for p in pages]
    out += ["  note: （気づいたこと。なければこの行を消す）"]
    return "\n".join(out) + "\n", 0
