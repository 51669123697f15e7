"""Every message the validator can print, in one table.

Error text is part of the contract: tests assert it exactly, and the editing guide's list of
messages is generated from ``MESSAGES`` (``portal messages``), so the two cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import chars


@dataclass(frozen=True)
class Message:
    text: str  # what is wrong (str.format fields filled by the caller)
    fix: str  # how to fix it
    example: str  # an input that produces it (for the guide)
    level: str = "エラー"  # or "警告": printed, but the command still succeeds


MESSAGES: dict[str, Message] = {
    "file-not-found": Message(
        "ファイルが見つかりません", "ファイル名と場所を確認してください", "portal validate no-such-file.yaml"
    ),
    "cannot-read": Message("ファイルを読めません（{detail}）", "ファイルの権限を確認してください", ""),
    "too-large": Message(
        "ファイルが大きすぎます（{size_mb} MB。上限は {max_mb} MB）", "ファイルを確認してください", ""
    ),
    "not-utf8": Message(
        "ファイルの文字コードが UTF-8 ではありません（{guess}で保存されているようです）",
        "エディタで文字コードに「UTF-8」を選んで保存し直してください",
        "Shift_JIS で保存したファイル",
    ),
    "empty-file": Message("ファイルが空です", "policies.yaml の内容を元に戻してください", ""),
    "tab-indent": Message(
        "字下げにタブ文字が使われています", "字下げは半角スペースだけで書いてください", "\ttitle: …"
    ),
    "fullwidth-indent": Message(
        "字下げに全角スペースが使われています", "字下げは半角スペースだけで書いてください", "\u3000title: …"
    ),
    "control-char": Message(
        "{char}は YAML ファイルに書けない文字です",
        "この文字を消してください（Word などからの貼り付けで入ることがあります。改行のつもりなら改行に置き換えてください）",
        "purpose: Word から貼り付けた文（垂直タブ U+000B 入り）",
    ),
    "line-separator": Message(
        "{char}があります。エディタでは改行に見えませんが、YAML は改行として読みます",
        "この文字を消すか、ふつうの改行に置き換えてください（これがあると、YAML が数える行番号がエディタとずれます）",
        "description: Web ページから貼り付けた文（行区切り U+2028 入り）",
    ),
    "bidi-char": Message(
        "{char}は使えません（前後の文字の並び順が、見た目と実際とで変わってしまう文字です）",
        "この文字を消してください（Web ページや PDF からの貼り付けで入ることがあります。コメントの中でも使えません）",
        "purpose: 住民投票制度を<U+202E>適正に運営します。",
    ),
    "merge-conflict": Message(
        "Git のマージの衝突が解決されていません（{marks}）",
        "残す内容を決めて書き直し、「<<<<<<<」「=======」「>>>>>>>」の行を消してください",
        "<<<<<<< HEAD",
    ),
    "key-separator": Message(
        "項目名「{key}」の後ろが{what}になっているため、項目名と値に分けられません",
        "「{key}: 値」のように、半角の「:」と半角スペースで区切ってください",
        "title：自治の推進",
    ),
    "yaml-syntax": Message(
        "YAML の書き方が正しくありません: {detail}",
        "示された行とその直前の行の字下げ・「:」・引用符を確認してください",
        "title: 区役所: 窓口",
    ),
    "yaml-alias": Message(
        "アンカー・エイリアス（& と *）やマージ（<<）は使えません",
        "同じ内容は書き写すか、事業なら {{ref: 事業のid}} で参照してください",
        "name: *name",
    ),
    "too-deep": Message("入れ子が深すぎます（{depth} 段まで）", "字下げを確認してください", ""),
    "duplicate-key": Message(
        "項目「{key}」が同じ場所に2回書かれています（最初は {first_line} 行目）",
        "どちらか一方にまとめてください（後の値で前の値が消えてしまうのを防ぐためのエラーです）",
        "title: A\ntitle: B",
    ),
    "duplicate-id": Message(
        "id「{id}」はすでに {first_at}の{first_label}で使われています",
        "id は、読み込むファイルも含めたコーパス全体で重複しないように変えてください（URL になるため）",
        "id: jichi-kakuju（2回目）",
    ),
    "unknown-field": Message(
        "{where}に「{key}」という項目はありません{suggestion}",
        "項目名のつづりを確認してください。使える項目: {allowed}",
        "titel: 自治の推進",
    ),
    "missing-field": Message(
        "{where}に必須の項目「{key}」がありません", "「{key}: …」を書き加えてください", "（title の行を消した事業）"
    ),
    "wrong-type": Message(
        "{where}の「{key}」には{expected}を書きます（{actual}が書かれています）",
        "書き方の例を参考に直してください",
        "issues: 現状と課題（リストでなく文字列）",
    ),
    "empty-text": Message(
        "{where}の「{key}」が空です{detail}", "内容を書くか、任意の項目なら行ごと消してください", "title: \"\""
    ),
    "invisible-char": Message(
        "{where}の「{key}」に見えない文字 {char}が含まれています",
        "この文字を消してください（{reason}）",
        "title: 自治の<U+200B>推進",
    ),
    "comment-in-text": Message(
        "{where}の「{key}」の文章が「 #」の前で切れています（「{lost}」は YAML のコメントとして読まれ、公開されません）",
        "「#」も文章の一部なら、値全体を \" \" で囲んでください（例: - \"SNS ハッシュタグ #まちの自治 を使った情報発信\"）。"
        "メモなら、コメントは別の行に書いてください（文章の後ろには書けません。行の先頭、値のない行（progress: など）、"
        "id・参照・数・年度・true/false・日付・URL・電話・メールの後ろには書けます）",
        "- SNS ハッシュタグ #まちの自治 を使った情報発信",
    ),
    "indentation": Message(
        "{label}のつもりで書かれた{what}の字下げが{depth}ため、{read_as}（{keys} は{label}の項目です）{absorbed}",
        "{lines} 行目を{how}{direction}、{target}",
        "（主な取組の projects: に、事業を2文字浅く貼り付けた）",
    ),
    "invalid-id": Message(
        "id「{value}」に使えない文字があります",
        "id は半角英小文字・数字・ハイフンだけで書いてください（例: jichi-kakuju）",
        "id: 自治拡充",
    ),
    "invalid-date": Message(
        "「{value}」は正しい日付ではありません", "日付は 2024-04-01 のように年-月-日で、実在する日を書いてください", "updated: 2024-02-30"
    ),
    "invalid-url": Message(
        "リンク先「{value}」は使えません",
        "https:、http:、mailto:、tel: で始まる、空白を含まないアドレスを書いてください",
        "url: javascript:alert(1)",
    ),
    "invalid-phone": Message(
        "電話番号「{value}」の形式が正しくありません",
        "半角数字とハイフンで 012-345-6789 のように書いてください",
        "phone: ０１２-３４５-６７８９",
    ),
    "invalid-email": Message(
        "メールアドレス「{value}」の形式が正しくありません",
        "半角英数字で name@example.lg.jp のように書いてください",
        "email: name＠example.lg.jp",
    ),
    "space-in-word": Message(
        "{where}の「{key}」の言葉「{value}」に空白があります（検索の言葉は1語ずつ書きます）",
        "2つの言葉なら「,」で区切って別々に書いてください（例: words: [はんこ, 判子]）",
        "words: [はんこ 判子]",
    ),
    "no-letter-in-word": Message(
        "{where}の「{key}」の言葉「{value}」には、検索できる文字（かな・漢字・英数字）がありません",
        "記号だけの言葉では検索できません。言葉を書くか、その言葉を消してください",
        "words: [・]",
    ),
    "invalid-value": Message("{where}の「{key}」の値「{value}」は使えません: {detail}", "書き方の例を参考に直してください", "version: 2"),
    "dangling-ref": Message(
        "{where}が参照している{target_label}「{value}」が見つかりません{suggestion}",
        "id のつづりを確認するか、参照先のレコードを追加してください",
        "- ref: no-such-project",
    ),
    "wrong-ref-kind": Message(
        "{where}は{target_label}を参照する項目ですが、「{value}」は{actual_label}の id です",
        "{target_label}の id を書いてください",
        "contact: jichi-kakuju",
    ),
    "plan-period": Message(
        "計画「{id}」の期間が逆になっています（{start}年度～{end}年度）", "start には最初の年度、end には最後の年度を書いてください", ""
    ),
    "plan-not-in-policy": Message(
        "基本施策「{id}」の計画「{plan}」が、基本政策「{policy}」の plans にありません",
        "基本政策の plans に「{plan}」を加えるか、基本施策の plan を直してください",
        "",
    ),
    "former-id-in-use": Message(
        "id「{id}」は {first_at}で{first_what}として使われています",
        "いまの id と以前の id（former_ids）は、読み込むファイルも含めたコーパス全体で重ならないようにしてください（古いアドレスの案内先が1つに決まらなくなるため）",
        "former_ids: [jichi-kakuju]（ほかの事業がいま使っている id）",
    ),
    "ref-to-former-id": Message(
        "{where}が参照している「{value}」は、{label}「{current}」の以前の id です",
        "いまの id「{current}」に書き換えてください",
        "- ref: jichi-kakuju（id を jichi-kakuju-suishin に変えた後）",
    ),
    "published-id-removed": Message(
        "{against} で公開している{label}のページ {url} が見つからなくなります（id「{id}」がありません{suggestion}）",
        "id を変えたのなら、新しい id のレコードに「former_ids: [{id}]」を書き加えてください（古いアドレスから新しいページへ案内されます）。"
        "ページをなくすのが意図どおりなら、このままで構いません",
        "（コミット済みの id: jichi-kakuju を、former_ids を書かずに id: jichi-kakuju-suishin に変える）",
        level="警告",
    ),
    "part-path": Message(
        "「file:」の値「{value}」は、読み込むファイルの場所として使えません",
        "このファイルのあるフォルダからの相対パスを「/」で区切って書き、.yaml か .yml で終わるようにしてください（例: - file: corpus/seisaku/jichi.yaml）",
        "- file: corpus\\seisaku\\jichi.txt",
    ),
    "part-not-found": Message(
        "読み込むファイル「{file}」が見つかりません",
        "ファイル名と場所を確かめてください（{includer} のあるフォルダからの相対パスで、大文字と小文字も区別します）",
        "- file: corpus/seisaku/no-such-file.yaml",
    ),
    "part-unreadable": Message(
        "読み込むファイル「{file}」を読めません（{detail}）", "ファイルの権限と名前を確かめてください", "- file: corpus（フォルダ）.yaml",
    ),
    "part-not-utf8": Message(
        "読み込むファイル「{file}」の文字コードが UTF-8 ではありません（{at_line} 行目 {at_col} 列目から。{guess}で保存されているようです）",
        "そのファイルをエディタで開き、文字コードに「UTF-8」を選んで保存し直してください",
        "- file: corpus/shift-jis.yaml（Shift_JIS で保存したファイル）",
    ),
    "part-empty": Message(
        "読み込むファイル「{file}」が空です（コメントのほかに何も書かれていません）",
        "そのファイルに{label}を書くか、この「- file: …」の行を消してください",
        "- file: corpus/empty.yaml（空のファイル）",
    ),
    "part-outside": Message(
        "「{value}」は、プロジェクトのフォルダの外のファイルです",
        "読み込めるのは {entry} のあるフォルダの中のファイルだけです。ファイルをその中に移し、このファイルからの相対パスを書いてください",
        "- file: ../other-city/policies.yaml",
    ),
    "part-cycle": Message(
        "「{file}」を読み込むと、読み込みが一巡して元に戻ります（{chain}）",
        "ファイルが自分自身や、自分を読み込むファイルを読み込まないように、この「- file: …」の行を消すか直してください",
        "- file: ../policies.yaml（corpus/ の中のファイルから）",
    ),
    "part-twice": Message(
        "「{file}」は、すでに {first_at}で読み込まれています",
        "同じファイルは1回だけ読み込んでください（同じレコードが2回載り、id が重なるため）。どちらかの「- file: …」の行を消してください",
        "- file: corpus/seisaku/jichi.yaml（2回目）",
    ),
    "part-not-allowed": Message(
        "{where}には、ファイルを読み込めません（「file:」は、ほかのファイルに書いたレコードを読み込む印です）",
        "「- file: …」を書けるのは、{allowed} のリストの中だけです",
        "links: [{file: corpus/links.yaml}]",
    ),
    "part-extra-keys": Message(
        "「- file: {file}」と同じ項目に「{keys}」は書けません",
        "レコードの中身は読み込むファイルの中に書き、ここには「- file: …」の1行だけを書いてください",
        "- file: corpus/seisaku/jichi.yaml\n  id: jichi",
    ),
    "part-wrong-type": Message(
        "読み込むファイル「{file}」には、{label}を1件（項目のまとまり）か、{label}のリスト（- で始まる行）を書きます（{actual}が書かれています）",
        "書き方の例を参考に、ファイルの中身を直してください",
        "（文字列が1行だけのファイル）",
    ),
    "ref-to-ref": Message(
        "再掲「{value}」が同じ主な取組の中の事業を指しています", "同じ主な取組の中では再掲しないでください", ""
    ),
    # accessibility/manual-checks.yaml (人による確認の記録; generator/manual_checks.py)
    "mc-unknown-criterion": Message(
        "「{value}」は JIS X 8341-3:2016 の適合レベル A・AA の達成基準の番号ではありません{suggestion}",
        "portal a11y-checklist が示す番号（例: 1.3.3）を書いてください",
        "criterion: 1.3.10",
    ),
    "mc-not-applicable-result": Message(
        "適用が「なし」の達成基準の結果が「{value}」になっています",
        "対象となる内容がないときは、applicable: なし、result: 適合 と書きます（内容があって満たしていないなら applicable: あり）",
        "applicable: なし / result: 不適合",
    ),
    "mc-failed-pages-missing": Message(
        "結果が「不適合」なのに、問題のあったページ（failed_pages）が書かれていません",
        "failed_pages: に、pages のうち達成基準を満たしていなかったページのアドレスを並べてください",
        "result: 不適合（failed_pages なし）",
    ),
    "mc-failed-pages-on-pass": Message(
        "結果が「適合」なのに、問題のあったページ（failed_pages）が書かれています",
        "満たしていないページがあるなら result: 不適合 にし、ないなら failed_pages を消してください",
        "result: 適合 / failed_pages: [/]",
    ),
    "mc-failed-page-not-checked": Message(
        "failed_pages の「{value}」は、確かめたページ（pages）にありません",
        "pages に書いたページのアドレスから選んでください",
        "failed_pages: [/no-such-page/]",
    ),
    "mc-future-date": Message(
        "確認した日 {value} が、今日（{today}）より後です",
        "確認を終えた日を YYYY-MM-DD で書いてください（予定の日は書きません）",
        "date: 2099-01-01",
    ),
}


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    col: int
    filename: str
    code: str
    message: str

    def format(self) -> str:
        return f"{self.filename}:{self.line}:{self.col}: {self.level}: {self.message} [{self.code}]"

    @property
    def level(self) -> str:
        return MESSAGES[self.code].level if self.code in MESSAGES else "エラー"


def format_problems(problems: list[Problem]) -> str:
    """What ``portal validate`` (and every command that validates first) prints for a failed corpus."""
    lines = [p.format() for p in problems]
    lines.append(f"エラー {len(problems)} 件。上の行の「ファイル名:行:列」の場所を直して、もう一度実行してください。")
    return "\n".join(lines)


def problem(filename: str, line: int, col: int, code: str, **fields: object) -> Problem:
    """A message from the table; text from the file is shown with invisible characters as <U+XXXX>."""
    fields = {k: chars.visible(v) if isinstance(v, str) else v for k, v in fields.items()}
    msg = MESSAGES[code]
    text = msg.text.format(**fields)
    fix = msg.fix.format(**fields)
    return Problem(line, col, filename, code, f"{text} — {fix}")


def value_kind(value) -> str:
    """What a YAML value is, as an editor's message names it (「数値（3）」, 「リスト（- で始まる行）」 …)."""
    if value is None:
        return "空の値"
    if isinstance(value, bool):
        return f"{str(value).lower()}（真偽値）"
    if isinstance(value, (int, float)):
        return f"数値（{value}）"
    if isinstance(value, str):
        return "文字列"
    if isinstance(value, list):
        return "リスト（- で始まる行）"
    if isinstance(value, dict):
        return "項目のまとまり（項目名: 値）"
    return type(value).__name__
