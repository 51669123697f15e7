"""``portal``: the command line. Each command parses its arguments and calls one function."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import ROOT

DEFAULT_CORPUS = "policies.yaml"


def _print_problems(problems) -> None:
    for p in problems:
        print(p.format())
    print(f"エラー {len(problems)} 件。上の行の「ファイル名:行:列」の場所を直して、もう一度実行してください。")


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import summary, validate_file

    result = validate_file(args.file, filename=args.file)
    if not result.ok:
        _print_problems(result.problems)
        return 1
    counts = "、".join(f"{k} {v}" for k, v in summary(result.corpus).items())
    print(f"{args.file}: OK（{counts}）")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import SCHEMA_PATH, schema_text

    text = schema_text()
    path = ROOT / SCHEMA_PATH
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            print(f"{SCHEMA_PATH} が model.py と一致しません。`portal schema` で作り直してください。")
            return 1
        print(f"{SCHEMA_PATH}: OK")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        print(f"{SCHEMA_PATH} を更新しました")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .build import generate

    return generate(args.file, quiet=args.quiet)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    return build(args.file, site_dir=args.site_dir)


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.file, host=args.host, port=args.port)


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff, format_changes, load

    sides = []
    for spec in (args.old, args.new):
        try:
            result, name = load(spec)
        except LookupError as exc:
            print(f"エラー: {exc}")
            return 1
        if not result.ok:
            print(f"{name} に問題があるため比べられません:")
            _print_problems(result.problems)
            return 1
        sides.append((result.corpus, name))
    print(format_changes(diff(sides[0][0], sides[1][0]), sides[0][1], sides[1][1]))
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from .synth import write

    if args.n < 1:
        print("エラー: N には 1 以上の数を書いてください")
        return 1
    print(f"{write(args.n, args.out)}: 事業 {args.n} 件の合成コーパスを書き出しました")
    return 0


def cmd_guide(args: argparse.Namespace) -> int:
    from .guide import GUIDE_PATH, guide_text, write

    if args.check:
        current = (ROOT / GUIDE_PATH).read_text(encoding="utf-8") if (ROOT / GUIDE_PATH).exists() else ""
        if current != guide_text():
            print(f"{GUIDE_PATH} が古くなっています。`portal guide` で作り直してください。")
            return 1
        print(f"{GUIDE_PATH}: OK")
        return 0
    print(f"{GUIDE_PATH} を更新しました" if write() else f"{GUIDE_PATH}: 変更なし")
    return 0


def cmd_messages(args: argparse.Namespace) -> int:
    from .messages import MESSAGES

    for code, msg in MESSAGES.items():
        print(f"[{code}] {msg.text} — {msg.fix}")
    return 0


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser = argparse.ArgumentParser(prog="portal", description="川崎市の政策ポータル: コーパスの検査とサイトの生成")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="policies.yaml を検査する")
    p.add_argument("file", nargs="?", default=DEFAULT_CORPUS)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="JSON Schema を model.py から作り直す")
    p.add_argument("--check", action="store_true", help="作り直さずに、一致しているかだけ確かめる")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("generate", help="検査して、ページの Markdown を build/docs/ に書き出す")
    p.add_argument("file", nargs="?", default=DEFAULT_CORPUS)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("build", help="検査・生成して、MkDocs で site/ を作る")
    p.add_argument("file", nargs="?", default=DEFAULT_CORPUS)
    p.add_argument("--site-dir", default="site")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="プレビュー: policies.yaml を保存するとブラウザのページが更新される")
    p.add_argument("file", nargs="?", default=DEFAULT_CORPUS)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("diff", help="2つの版の policies.yaml を比べ、変わったページと項目を示す")
    p.add_argument("old", nargs="?", default="HEAD", help="古い版: ファイルか git のリビジョン（既定: HEAD）")
    p.add_argument("new", nargs="?", default=DEFAULT_CORPUS, help="新しい版: ファイルか git のリビジョン（既定: policies.yaml）")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("synth", help="ベンチマーク用の合成コーパス（事業 N 件）を書き出す")
    p.add_argument("n", type=int)
    p.add_argument("out")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("guide", help="編集ガイド docs/editing-guide.md を作り直す")
    p.add_argument("--check", action="store_true")
    p.set_defaults(func=cmd_guide)

    p = sub.add_parser("messages", help="検査のメッセージの一覧")
    p.set_defaults(func=cmd_messages)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last safety net: a message, never a traceback (PORTAL_DEBUG=1 shows it)
        if os.environ.get("PORTAL_DEBUG"):
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"エラー: 処理を続けられませんでした（{type(exc).__name__}: {first[:300]}）。"
              "policies.yaml と変更したファイルを確かめてください。詳しくは PORTAL_DEBUG=1 を付けて実行してください。")
        return 1


if __name__ == "__main__":
    sys.exit(main())
