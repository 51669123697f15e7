"""``portal``: the command line. Each command parses its arguments and calls one function.

Like ``mkdocs`` and ``git``, every command works on the project in the current directory, or in
the one named with ``-C DIR`` (``--project DIR``); relative paths on the command line are taken
from that folder. Help and errors are in Japanese, argparse's own strings included.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import unicodedata
from pathlib import Path

from .messages import format_problems
from .project import CORPUS_NAME, Project

# argparse's own strings (it looks them up through gettext at the moment it prints them).
_ARGPARSE_JA = {
    "usage: ": "使い方: ",
    "positional arguments": "引数",
    "options": "オプション",
    "optional arguments": "オプション",
    "show this help message and exit": "この説明を表示して終わる",
    "the following arguments are required: %s": "次の引数が必要です: %s",
    "unrecognized arguments: %s": "知らない引数です: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "「%(value)s」は使えません（使えるもの: %(choices)s）",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "値を1つ書いてください",
    "invalid %(type)s value: %(value)r": "「%(value)s」は数として読めません",
    "%(prog)s: error: %(message)s\n": "%(prog)s: エラー: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "オプション %(option)s は %(matches)s のどれか分かりません",
    "not allowed with argument %s": "%s と一緒には使えません",
    "one of the arguments %s is required": "%s のどれかが必要です",
    "expected at most one argument": "値は1つまでです",
    "expected at least one argument": "値を1つ以上書いてください",
    "subcommands": "コマンド",
}


def _ja(text: str) -> str:
    return _ARGPARSE_JA.get(text, text)


argparse._ = _ja  # type: ignore[attr-defined]


def _cols(text: str) -> int:
    """Columns a terminal gives ``text``: a Japanese (wide) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# Characters a Japanese line may not start with (kinsoku): they stay at the end of the line before.
_NO_LINE_START = set("、。，．・：；？！）」』】〕ー…")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help laid out by columns, not characters (argparse counts a Japanese character as one
    column, so its columns came out ragged and its lines too long). Japanese text breaks between any two
    characters, ASCII words stay whole; the subcommands are listed without argparse's extra header line."""

    def __init__(self, prog: str, **kwargs) -> None:
        kwargs.setdefault("max_help_position", 26)
        super().__init__(prog, **kwargs)

    def add_argument(self, action: argparse.Action) -> None:
        if action.help is argparse.SUPPRESS:
            return
        actions = action._get_subactions() if isinstance(action, argparse._SubParsersAction) else [action]
        for item in actions:
            width = _cols(self._format_action_invocation(item)) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)
        self._add_item(self._format_action, [action])

    def _format_action(self, action: argparse.Action) -> str:
        if isinstance(action, argparse._SubParsersAction):
            return self._join_parts([self._format_action(sub) for sub in action._get_subactions()])
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 20)
        header = " " * self._current_indent + self._format_action_invocation(action)
        if not action.help:
            return header + "\n"
        lines = self._split_lines(self._expand_help(action), help_width)
        if _cols(header) + 2 <= help_position:
            parts = [header + " " * (help_position - _cols(header)) + lines[0] + "\n"]
            lines = lines[1:]
        else:
            parts = [header + "\n"]
        parts += [" " * help_position + line + "\n" for line in lines]
        return "".join(parts)

    def _format_usage(self, usage, actions, groups, prefix) -> str:
        """argparse wraps the usage line by characters: narrow its width until every line fits by columns
        (the 「使い方: 」 that replaces 「usage: 」 included)."""
        width = self._width
        try:
            while True:
                text = super()._format_usage(usage, actions, groups, prefix)
                shown = text.replace("usage: ", "使い方: ", 1)
                if self._width <= 40 or all(_cols(line) <= width for line in shown.splitlines()):
                    return text
                self._width -= 2
        finally:
            self._width = width

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = self._whitespace_matcher.sub(" ", text).strip()
        lines, line = [], ""
        for token in re.findall(r"[!-~]+|\s+|.", text):  # an ASCII word, a space, or one other character
            if token.isspace():
                line += " " if line else ""
                continue
            if line and _cols(line + token) > width and token not in _NO_LINE_START:
                lines.append(line.rstrip())
                line = ""
            line += token
        return lines + [line.rstrip()] if line else lines or [""]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """Descriptions keep their own line breaks; a line longer than the terminal wraps by columns."""
        out = []
        for line in text.splitlines():
            if not line.strip() or line.startswith(" "):
                out.append(indent + line)
            else:
                out += [indent + part for part in self._split_lines(line, width - len(indent))]
        return "\n".join(out)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage line and errors are in Japanese (exit code 2, as argparse)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="この説明を表示して終わる")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "使い方: ", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", "使い方: ", 1)


# --------------------------------------------------------------------------- commands


def cmd_validate(project: Project, args: argparse.Namespace) -> int:
    from .validate import summary, validate_file

    from .diff import published_warnings

    path = project.resolve(args.file)
    result = validate_file(path, filename=args.file)
    if not result.ok:
        print(format_problems(result.problems))
        return 1
    try:
        warnings, note = published_warnings(project, path, result, args.file, args.against)
    except LookupError as exc:
        print(f"エラー: {exc}")
        return 1
    for w in warnings:
        print(w.format())
    if note:
        print(note)
    counts = "、".join(f"{k} {v}" for k, v in summary(result.corpus).items())
    print(f"{args.file}: OK（{counts}）" + (f"（警告 {len(warnings)} 件）" if warnings else ""))
    return 0


def cmd_schema(project: Project, args: argparse.Namespace) -> int:
    from .schema import schema_files

    files = schema_files()
    if args.check:
        stale = [rel for rel, text in files.items()
                 if not (project.root / rel).is_file() or (project.root / rel).read_text(encoding="utf-8") != text]
        for rel in stale:
            print(f"{rel} が model.py と一致しません。`portal schema` で作り直してください。")
        if stale:
            return 1
        print(f"{'、'.join(files)}: OK")
        return 0
    for rel, text in files.items():
        path = project.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"{rel} を更新しました")
        else:
            print(f"{rel}: 変更なし")
    return 0


def cmd_generate(project: Project, args: argparse.Namespace) -> int:
    from .build import generate

    return generate(project, args.file, quiet=args.quiet)


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    from .build import build

    return build(project, args.file, site_dir=project.resolve(args.site_dir) if args.site_dir else None,
                 production=args.production, engine=args.engine)


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(project, args.file, host=args.host, port=args.port)


def cmd_diff(project: Project, args: argparse.Namespace) -> int:
    from .diff import diff, format_changes, format_json, load

    sides = []
    for spec in (args.old, args.new):
        try:
            result, name = load(spec, project.root)
        except LookupError as exc:
            print(f"エラー: {exc}")
            return 1
        if not result.ok:
            print(f"{name} に問題があるため比べられません:")
            print(format_problems(result.problems))
            return 1
        sides.append((result.corpus, name))
    fmt = format_json if args.format == "json" else format_changes
    print(fmt(diff(sides[0][0], sides[1][0]), sides[0][1], sides[1][1], project.site_url()))
    return 0


def cmd_synth(project: Project, args: argparse.Namespace) -> int:
    from .synth import Exists, write

    if args.n < 1:
        print("エラー: N には 1 以上の数を書いてください")
        return 1
    if not project.corpus.is_file():
        print(f"エラー: 語彙のもとにする {project.corpus} がありません。プロジェクトのフォルダで実行してください。")
        return 1
    try:
        out = write(args.n, project.resolve(args.out), project.corpus, split=args.split)
    except Exists as exc:
        print(f"エラー: {exc} はすでにあり、portal synth が作ったファイルではないので上書きしません。別のファイル名を指定してください。")
        return 1
    where = f"（読み込むファイルは {out.parent / 'corpus'}/ に）" if args.split else ""
    print(f"{out}: 事業 {args.n} 件の合成コーパスを書き出しました{where}")
    return 0


def cmd_guide(project: Project, args: argparse.Namespace) -> int:
    from .guide import GUIDE_PATH, guide_text, write

    if args.check:
        path = project.root / GUIDE_PATH
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != guide_text():
            print(f"{GUIDE_PATH} が古くなっています。`portal guide` で作り直してください。")
            return 1
        print(f"{GUIDE_PATH}: OK")
        return 0
    print(f"{GUIDE_PATH} を更新しました" if write(project.root) else f"{GUIDE_PATH}: 変更なし")
    return 0


def cmd_init(project: Project, args: argparse.Namespace) -> int:
    from .init import run

    return run(project.resolve(args.folder), args.name, args.folder)


def cmd_a11y_checklist(project: Project, args: argparse.Namespace) -> int:
    from .a11y_checklist import checklist

    text, status = checklist(project, args.criterion)
    print(text, end="")
    return status


def cmd_messages(project: Project, args: argparse.Namespace) -> int:
    from .messages import MESSAGES

    for code, msg in MESSAGES.items():
        print(f"[{code}] {msg.text} — {msg.fix}")
    return 0


# --------------------------------------------------------------------------- the parser

_CORPUS_HELP = f"コーパスのファイル（既定: {CORPUS_NAME}）。例: {CORPUS_NAME}"


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="portal",
        description="政策ポータル: policies.yaml を検査し、ページを作り、サイトにする。\n"
                    "policies.yaml と mkdocs.yml があるフォルダ（プロジェクト）で実行します。",
        epilog="例:\n"
               "  portal validate              policies.yaml を検査する\n"
               "  portal serve                 プレビュー（http://127.0.0.1:8000/）\n"
               "  portal build                 site/ にサイトを作る\n"
               "  portal diff HEAD             前のコミットからの変更をまとめる\n"
               "  portal -C ../other validate  別のフォルダのプロジェクトを検査する\n"
               "\nコマンドごとの説明: portal コマンド --help（例: portal build --help）",
    )
    top.add_argument("-C", "--project", metavar="フォルダ",
                     help="このフォルダのプロジェクトで実行する（既定: 今いるフォルダ）。相対パスもこのフォルダから読みます。例: -C ../midori-city")
    sub = top.add_subparsers(dest="command", metavar="コマンド", title="コマンド", parser_class=_Parser)
    sub.required = True

    def command(name: str, func, summary: str, description: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=summary, description=f"{description}\n\n例: {example}")
        p.set_defaults(func=func)
        return p

    p = command("init", cmd_init, "新しいプロジェクト（別の自治体のポータル）のフォルダを作る",
                "まだないフォルダか空のフォルダに、新しいプロジェクトを作ります。\n"
                "作るもの: policies.yaml（検査に通る最小限のもの）、schema/、mkdocs.yml、\n"
                "content/（検索ページ、ウェブアクセシビリティ方針のひな形）、theme/（見た目）、\n"
                "README.md（編集する人へ）、docs/editing-guide.md、.gitignore。\n"
                "自治体が決めて書く値は「（記入してください）」と示します。\n"
                "中身のあるフォルダには何も書きません（上書きしないため。終了コード 1）。",
                "portal init ../midori-city --name みどり市")
    p.add_argument("folder", metavar="フォルダ", help="作るプロジェクトのフォルダ（まだないか、空のもの）。例: ../midori-city")
    p.add_argument("--name", default="○○市", metavar="自治体名",
                   help="自治体の名前。サイト名（「…の政策ポータル」）などに使います（既定: ○○市 = あとで書き換える）。例: --name みどり市")

    p = command("validate", cmd_validate, "policies.yaml を検査する",
                "コーパスを検査し、問題をすべて「ファイル名:行:列: エラー: …」の形で、直し方とともに表示します。\n"
                "問題がなければ件数の要約を表示します。終了コード: 問題なし 0、問題あり 1。\n"
                "git のリポジトリでは、前のコミット（HEAD）で公開しているページの id がなくなっていると、"
                "切れるアドレスと残し方（former_ids）を警告します（警告だけなら終了コード 0）。", "portal validate policies.yaml")
    p.add_argument("file", nargs="?", default=CORPUS_NAME, metavar="ファイル", help=_CORPUS_HELP)
    p.add_argument("--against", metavar="リビジョン",
                   help="このリビジョンで公開しているページと比べる（既定: HEAD。リポジトリでなければ比べない）。"
                        "例: --against origin/main")

    p = command("schema", cmd_schema, "JSON Schema を model.py から作り直す",
                "VS Code が使う schema/policies.schema.json と、読み込むファイル用の schema/parts/*.schema.json を、\n"
                "コーパスの型（generator/model.py）から作り直します。",
                "portal schema --check")
    p.add_argument("--check", action="store_true",
                   help="作り直さずに、一致しているかだけ確かめる（一致しなければ終了コード 1）。例: portal schema --check")

    p = command("generate", cmd_generate, "検査して、ページの Markdown を build/docs/ に書き出す",
                "コーパスを検査し、問題がなければページの Markdown を build/docs/ に書き出します（変わったファイルだけ）。\n"
                "検査に通らないときは何も書き換えません。", "portal generate")
    p.add_argument("file", nargs="?", default=CORPUS_NAME, metavar="ファイル", help=_CORPUS_HELP)
    p.add_argument("--quiet", action="store_true", help="うまくいったときは何も表示しない。例: portal generate --quiet")

    p = command("build", cmd_build, "検査・生成して、site/ にサイトを作る",
                "検査・生成のあと MkDocs（CSS を減らす手順と検索インデックスも）でサイトを一時フォルダに作り、できあがってから出力先と入れ替えます。\n"
                "失敗や中断（Ctrl+C）のときは、出力先は前のままです。", "portal build --site-dir public")
    p.add_argument("file", nargs="?", default=CORPUS_NAME, metavar="ファイル", help=_CORPUS_HELP)
    p.add_argument("--site-dir", metavar="フォルダ",
                   help="サイトを作るフォルダ（既定: プロジェクトの site/）。相対パスは実行したフォルダから。"
                        "このフォルダは丸ごと置き換わるので、置き換えるのは、空のフォルダ、まだないフォルダ、"
                        "前に portal build が作ったフォルダ（印 .portal-site があり、ほかのファイルがない）だけです。"
                        "プロジェクトのフォルダ、content/、build/、policies.yaml や .git のあるフォルダは使えません。例: --site-dir public")
    p.add_argument("--production", action="store_true",
                   help="公開用のビルド: mkdocs.yml の site_url が仮のアドレス（example.jp などの例示用ドメイン、.invalid・.test、"
                        "localhost、書かれていない）なら、何も変えずに終了コード 1 で止まる"
                        "（付けないときは警告だけ出してビルドする）。例: portal build --production")
    p.add_argument("--engine", choices=["mkdocs", "properdocs"], default="mkdocs", metavar="エンジン",
                   help="ページを組み立てる道具: mkdocs（既定）か properdocs（MkDocs 1.x を引き継いで保守されている ProperDocs。"
                        "Material の保守が終わったあとの移行先。くわしくは docs/engines.md を見てください）。例: --engine properdocs")

    p = command("serve", cmd_serve, "プレビュー: 保存するとブラウザのページが更新される",
                "ページを作り、プレビュー用のサーバーを起動します。policies.yaml や content/ を保存すると、開いているページが更新されます。\n"
                "書き間違いがあると、ターミナルと開いているページの上に、場所（ファイル名:行:列）と直し方を表示します。\n"
                "サーバーは止まらず、直して保存すると表示が消えてページが更新されます。終了は Ctrl+C。", "portal serve --port 8001")
    p.add_argument("file", nargs="?", default=CORPUS_NAME, metavar="ファイル", help=_CORPUS_HELP)
    p.add_argument("--host", default="127.0.0.1", metavar="アドレス", help="待ち受けるアドレス（既定: 127.0.0.1 = この機械だけ）。例: --host 0.0.0.0")
    p.add_argument("--port", type=int, default=8000, metavar="番号", help="ポート番号（既定: 8000）。例: --port 8001")

    p = command("diff", cmd_diff, "2つの版の policies.yaml を比べ、変わったページと文言を示す",
                "古い版と新しい版を比べ、追加・id の変更・移動・変更・削除されたページと、変わった項目の前後の文言\n"
                "（変わった文字に印）を日本語でまとめます。既定はプルリクエストに貼れる Markdown、--format json は道具向け。\n"
                "切れるアドレス（id がなくなったページ）も示します。",
                "portal diff HEAD policies.yaml --format json")
    p.add_argument("old", nargs="?", default="HEAD", metavar="古い版", help="ファイルか git のリビジョン（既定: HEAD）。例: main~1")
    p.add_argument("new", nargs="?", default=CORPUS_NAME, metavar="新しい版", help=f"ファイルか git のリビジョン（既定: {CORPUS_NAME}）。例: policies.yaml")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown", metavar="形式",
                   help="markdown（既定: 変わった文字を <del>…</del> と <ins>…</ins> で示す）か json。例: --format json")

    p = command("synth", cmd_synth, "ベンチマーク用の合成コーパス（事業 N 件）を書き出す",
                "プロジェクトの policies.yaml の語彙から、事業 N 件の合成コーパスを作ります（同じ N からは同じ内容）。\n"
                "すでにあるファイルは、portal synth が作ったものでなければ上書きしません。", "portal synth 1000 /tmp/synth-1000.yaml")
    p.add_argument("n", type=int, metavar="N", help="事業の件数（1 以上）。例: 1000")
    p.add_argument("out", metavar="出力ファイル", help="書き出すファイル。例: /tmp/synth-1000.yaml")
    p.add_argument("--split", action="store_true",
                   help="基本政策と施政方針を1件ずつ別のファイル（出力ファイルと同じフォルダの corpus/ の下）に書き、"
                        "出力ファイルからは「- file: …」で読み込む。例: portal synth 10000 /tmp/split/policies.yaml --split")

    p = command("guide", cmd_guide, "編集ガイド docs/editing-guide.md を作り直す",
                "編集ガイドを、コーパスの型の説明と検査メッセージの一覧から作り直します。", "portal guide --check")
    p.add_argument("--check", action="store_true",
                   help="作り直さずに、最新かどうかだけ確かめる（古ければ終了コード 1）。例: portal guide --check")

    p = command("a11y-checklist", cmd_a11y_checklist, "アクセシビリティの人による確認の手順と記録のひな形を表示する",
                "JIS X 8341-3:2016 の達成基準（レベル A・AA）ごとに、確認の状態（未確認・要再確認・有効）、\n"
                "自動チェックの結果、確かめ方を表示し、最後に確認するページ（試験結果に載せるページ）と、\n"
                "accessibility/manual-checks.yaml に貼る記録のひな形（ページの指紋つき）を表示します。何も書き換えません。\n"
                "自動チェックの結果（accessibility/results.json）が必要です。終了コード: 0 表示した、1 結果や記録に問題がある。",
                "portal a11y-checklist --criterion 1.3.3")
    p.add_argument("--criterion", metavar="番号", help="この達成基準だけを表示する。例: --criterion 1.3.3")

    command("messages", cmd_messages, "検査のメッセージの一覧", "portal validate が出すメッセージと直し方の一覧を表示します。",
            "portal messages")
    return top


def _suggest(argv: list[str], commands: list[str]) -> str | None:
    """「もしかして」 for a mistyped command (the first word that is not an option)."""
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        if word in ("-C", "--project"):
            if rest:
                rest.pop(0)
            continue
        if word.startswith("-"):
            continue
        if word in commands:
            return None
        close = difflib.get_close_matches(word, commands, n=1, cutoff=0.5)
        hint = f"（もしかして {close[0]}？）" if close else ""
        return (f"portal: エラー: 「{word}」というコマンドはありません{hint}\n"
                f"使えるコマンド: {'、'.join(commands)}。説明は portal --help で表示します。")
    return None


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl+C before the command started handling signals itself
        print("\n中断しました（Ctrl+C）。", flush=True)
        return 130


def _main(argv: list[str] | None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    argv = sys.argv[1:] if argv is None else list(argv)
    p = parser()
    commands = list(next(a for a in p._actions if isinstance(a, argparse._SubParsersAction)).choices)
    message = _suggest(argv, commands)
    if message:
        print(message, file=sys.stderr)
        return 2
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    folder = Path(args.project) if args.project else Path.cwd()
    if not folder.is_dir():
        print(f"エラー: プロジェクトのフォルダ {folder} がありません。", file=sys.stderr)
        return 2
    project = Project.at(folder)
    from . import interrupt

    try:
        if args.command == "serve":  # MkDocs' server handles Ctrl+C itself
            return args.func(project, args)
        with interrupt.signals():
            return args.func(project, args)
    except interrupt.Interrupted as exc:
        print(f"\n中断しました（{exc.name}）。", flush=True)
        return exc.exit_code
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
