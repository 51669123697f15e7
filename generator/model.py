"""The corpus model: the one source of truth for policies.yaml.

Every other shape of the corpus comes from these classes:

* ``portal validate`` validates against them (``generator.validate``);
* ``schema/policies.schema.json`` (what VS Code uses) is ``Corpus.model_json_schema()``
  (``portal schema`` rewrites it; a test fails when the committed file is stale);
* the generator's templates receive these objects.

Field descriptions are in Japanese because editors read them as hover text in VS Code.
Reference fields carry ``json_schema_extra={"ref": KIND}``; ``generator.validate`` checks
them generically, so adding a reference field needs no change elsewhere.
"""

from __future__ import annotations

import datetime as _dt
import re
import typing
import unicodedata
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
)
from pydantic_core import PydanticCustomError

from . import chars

# --------------------------------------------------------------------------- scalar types

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _blank(value: str) -> PydanticCustomError:
    hidden = "、".join(chars.name(c) for c in dict.fromkeys(value) if c not in " \n\r\t")
    return PydanticCustomError("empty-text", "空の文字列です", {"chars": hidden})


def _text(value: str) -> str:
    """Body text: look-alike spaces become an ASCII space and invisible characters go (``chars.normalise``),
    so every output (page, <title>, CSV, JSON) carries the same visible text. Blank text is an error."""
    normalised = chars.normalise(value)
    if chars.is_blank(normalised):
        raise _blank(value)
    return normalised


def _title(value: str) -> str:
    """Titles and names: like text, but an invisible character is an error, not removed: a title is what
    readers search for and what other pages link with, and two titles that look the same must be the same."""
    if chars.is_blank(value):
        raise _blank(value)
    hidden = chars.INVISIBLE.search(value)
    if hidden:
        raise PydanticCustomError("invisible-char", "見えない文字 {char} が含まれています", {"char": chars.name(hidden.group())})
    return chars.normalise(value)


def _phone(value: str) -> str:
    if not re.fullmatch(r"0\d{1,4}-\d{1,4}-\d{3,4}", value) or len(re.sub(r"\D", "", value)) not in (10, 11):
        raise PydanticCustomError(
            "invalid-phone",
            "電話番号の形式が正しくありません（半角数字とハイフンで 012-345-6789 のように書きます）",
        )
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", value):
        raise PydanticCustomError(
            "invalid-email", "メールアドレスの形式が正しくありません（半角英数字で name@example.lg.jp のように書きます）"
        )
    return value


URL_SCHEMES = ("https", "http", "mailto", "tel")


def _url(value: str) -> str:
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", value)
    if not m or m.group(1).lower() not in URL_SCHEMES or any(c.isspace() for c in value):
        raise PydanticCustomError(
            "invalid-url",
            "リンク先に使えない形式です（https:、http:、mailto:、tel: で始まる、空白を含まないアドレスだけが使えます）",
        )
    return value


Text = Annotated[str, AfterValidator(_text)]
Title = Annotated[str, AfterValidator(_title)]
Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=80,
        description="URL に使う半角英小文字・数字・ハイフンの識別子（例: jichi-kakuju）。公開後は変えないでください。",
    ),
]
PageId = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=80,
        description="ページの URL になる半角英小文字・数字・ハイフンの識別子（例: jichi-kakuju）。公開後は変えないでください"
        "（変えるときは、古い id を former_ids に残します）。",
    ),
]
Phone = Annotated[str, AfterValidator(_phone), Field(description="電話番号（例: 012-345-6789）")]
Email = Annotated[str, AfterValidator(_email), Field(description="メールアドレス")]
Url = Annotated[str, AfterValidator(_url), Field(description="https:, http:, mailto:, tel: のいずれかで始まるアドレス")]


def _not_true_or_false(value: Any) -> Any:
    """YAML's true and false are not numbers, but Python's bool is an int and pydantic's lax mode reads
    true as 1: a whole number refuses them with the message of any other wrong type."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "整数ではありません")
    return value


def _version_1(value: Any) -> Any:
    """``version``: 1 and nothing else (true is not 1, see ``_not_true_or_false``)."""
    if isinstance(value, bool):
        raise PydanticCustomError("literal_error", "使える値は 1 です", {"expected": "1"})
    return value


NOT_TRUE_OR_FALSE = BeforeValidator(_not_true_or_false)  # after the bounds, so that the JSON Schema keeps them
Year = Annotated[int, Field(ge=1900, le=2200, description="西暦年度（例: 2011）"), NOT_TRUE_OR_FALSE]
Version = Annotated[Literal[1], BeforeValidator(_version_1), Field(description="形式の版（いまは 1）")]


def FormerIds() -> Any:
    """``former_ids`` on every record that has a page: its earlier ids, whose URLs the build keeps
    as pages that send the reader on (``generator.redirects``); checked unique by ``generator.validate``."""
    return Field(
        default_factory=list,
        description="以前の id（id を変えたときに古い id を残すと、古いアドレスから新しいページへ案内されます。例: [jichi-kakuju]）",
    )


def Ref(kind: str, description: str, **kw: Any) -> Any:
    """A reference to another record's id; checked by ``generator.validate``."""
    return Field(pattern=ID_PATTERN, description=description, json_schema_extra={"ref": kind}, **kw)


class Strict(BaseModel):
    """Base of every corpus object: unknown fields are errors (they would be silently lost)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Record(Strict):
    """An object with a stable id that other records and URLs refer to."""

    kind: ClassVar[str] = "record"
    label: ClassVar[str] = "レコード"


# --------------------------------------------------------------------------- a corpus in several files

PART_PATTERN = r"^[^/\\][^\\]*\.ya?ml$"


class Part(Strict):
    """別のファイルに書いたレコードを、リストのこの場所に読み込みます（1行: `- file: corpus/seisaku/jichi.yaml`）。読み込むファイルには、そのリストのレコードを1件（項目のまとまり）か、何件か（- で始まるリスト）書きます。"""

    file: str = Field(
        pattern=PART_PATTERN,
        description="読み込むファイル。このファイルのあるフォルダからの相対パスを / で区切って書き、.yaml か .yml で終わります"
        "（例: corpus/seisaku/jichi.yaml）。プロジェクトのフォルダの外、同じファイルの2回目、読み込みが一巡する指定は使えません。",
    )


class _PartsMarker:
    """Marks a list field (``Annotated[list[X], PARTS]``) whose items may be a :class:`Part`. Pydantic ignores it:
    the corpus is validated after ``generator.parts`` has put each part's records in place of its ``- file:`` item,
    so the model, the generator and the open data never see a Part. ``generator.schema`` adds Part to these lists
    in the editors' JSON Schema and writes one schema per kind for the part files."""

    def __repr__(self) -> str:
        return "PARTS"


PARTS = _PartsMarker()


def part_lists() -> list[tuple[type[BaseModel], str, list[type[BaseModel]]]]:
    """(owner class, key, item classes) of every list that may name part files, in model order."""
    out, seen, stack = [], set(), [Corpus]
    while stack:
        cls = stack.pop(0)
        if cls in seen:
            continue
        seen.add(cls)
        for name, info in cls.model_fields.items():
            inner = _model_classes(info.annotation)
            if any(m is PARTS for m in info.metadata):
                out.append((cls, info.alias or name, inner))
            stack.extend(inner)
    return out


def _model_classes(annotation: Any) -> list[type[BaseModel]]:
    """The BaseModel classes an annotation can hold (through Annotated, Optional, Union, list), once each."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(c for c in _model_classes(arg) if c not in found)
    return found


# --------------------------------------------------------------------------- shared parts


class HistoryEntry(Strict):
    """変更履歴の1件。"""

    date: _dt.date = Field(description="変更した日（YYYY-MM-DD）")
    summary: Text = Field(description="何を変えたかの一文（例: 2014年度以降の取組を更新）")


class PageMeta(Strict):
    """元ページの管理情報。シードにある値だけを書き、不明な値は書かないでください。"""

    published: _dt.date | None = Field(None, description="公開日（YYYY-MM-DD）")
    updated: _dt.date | None = Field(None, description="更新日（YYYY-MM-DD）")
    content_number: Annotated[str, Field(pattern=r"^[0-9]+$")] | None = Field(
        None, description="市ホームページのコンテンツ番号（例: 23578）"
    )
    history: list[HistoryEntry] = Field(default_factory=list, description="変更履歴（新しい順に表示されます）")


class Figure(Record):
    """図・写真。画像ファイルは任意ですが、代替テキストは必須です。"""

    kind: ClassVar[str] = "figure"
    label: ClassVar[str] = "図"
    id: Id
    caption: Text = Field(description="図のキャプション")
    alt: Text = Field(description="代替テキスト（画像が見えない人に内容を伝える文）")
    src: str | None = Field(
        None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_./-]*\.(png|jpg|jpeg|svg|webp)$", description="content/ からの画像ファイルの相対パス（任意）"
    )


class Contact(Record):
    """お問い合わせ先。ここで一度だけ定義し、各ページからは id で参照します。"""

    kind: ClassVar[str] = "contact"
    label: ClassVar[str] = "お問い合わせ先"
    id: Id
    name: Title = Field(description="所管課の名前（例: ○○市総務企画局企画調整課）")
    address: Text | None = Field(None, description="住所")
    phone: Phone | None = None
    fax: Phone | None = Field(None, description="ファクス番号")
    email: Email | None = None


class ContactCentre(Strict):
    """市の総合案内（コンタクトセンター）。"""

    name: Title = Field(description="名前（例: ○○市コールセンター）")
    description: Text = Field(description="受け付ける内容")
    hours: Text = Field(description="受付時間")
    phone: Phone | None = None
    url: Url | None = None


class Link(Strict):
    """関連リンク（手続きのページなど）。"""

    label: Title = Field(description="リンクの文言（例: 住民投票制度のページ）")
    url: Url


# --------------------------------------------------------------------------- plans and policies


class Plan(Record):
    """計画期間。基本施策はどれか一つの計画に属します。"""

    kind: ClassVar[str] = "plan"
    label: ClassVar[str] = "計画"
    id: Id
    title: Title = Field(description="計画の名前（例: 計画期間 2011～2013年度）")
    start: Year | None = Field(None, description="計画期間の最初の年度（元資料にないときは書かない）")
    end: Year | None = Field(None, description="計画期間の最後の年度（元資料にないときは書かない）")
    later_label: Title | None = Field(None, description="計画期間後の欄の見出し（例: 2014年度以降）")
    note: Text | None = Field(None, description="計画についての補足")


class ItemDetail(Strict):
    text: Text = Field(description="取組の内容")
    completed: Year | None = Field(None, description="完了した年度（例: 2011 →「2011年度完了」と表示）")


Item = Annotated[
    Union[Annotated[Text, Tag("text")], Annotated[ItemDetail, Tag("detail")]],
    Discriminator(lambda v: "text" if isinstance(v, str) else "detail"),
]


class Project(Record):
    """事業。ほかの主な取組で再掲するときは、コピーせずに {ref: id} と書きます。"""

    kind: ClassVar[str] = "project"
    label: ClassVar[str] = "事業"
    id: PageId
    former_ids: list[Id] = FormerIds()
    name: Title = Field(description="事業名")
    wards: bool = Field(False, description="各区で実施する事業なら true（「(各区)」と表示）")
    purpose: Text = Field(description="事業の目的（一文）")
    progress: list[Item] = Field(default_factory=list, description="これまでの取組と現状")
    plan_actions: list[Item] = Field(default_factory=list, description="計画期間の具体的な取組")
    later: list[Item] = Field(default_factory=list, description="計画期間後（例: 2014年度以降）の取組")
    links: list[Link] = Field(default_factory=list, description="関連リンク（手続きのページなど）")
    page: PageMeta | None = None


class ProjectRef(Strict):
    """再掲: 別の主な取組にある事業への参照。"""

    ref: str = Ref("project", "再掲する事業の id")


ProjectEntry = Annotated[
    Union[Annotated[Project, Tag("project")], Annotated[ProjectRef, Tag("ref")]],
    Discriminator(lambda v: "ref" if isinstance(v, ProjectRef) or isinstance(v, dict) and "ref" in v else "project"),
]


class Initiative(Record):
    """主な取組（①②… または (1)(2)…）。"""

    kind: ClassVar[str] = "initiative"
    label: ClassVar[str] = "主な取組"
    id: PageId
    former_ids: list[Id] = FormerIds()
    number: Title = Field(description="番号（例: ① または (1)）")
    title: Title = Field(description="主な取組の名前")
    issues: list[Text] = Field(default_factory=list, description="現状と課題")
    actions: list[Text] = Field(default_factory=list, description="計画期間の取組")
    figures: list[Figure] = Field(default_factory=list, description="図・写真")
    projects: Annotated[list[ProjectEntry], PARTS] = Field(default_factory=list, description="主な事業（再掲は {ref: 事業のid}）")
    projects_note: Text | None = Field(None, description="事業一覧についての注記（例: 元ページでは表の画像で掲載）")
    links: list[Link] = Field(default_factory=list, description="関連リンク（手続きのページなど）")
    page: PageMeta | None = None


class Measure(Record):
    """基本施策（例: Ⅶ-1-(1)）。"""

    kind: ClassVar[str] = "measure"
    label: ClassVar[str] = "基本施策"
    id: PageId
    former_ids: list[Id] = FormerIds()
    plan: str = Ref("plan", "この基本施策が属する計画の id")
    code: Title = Field(description="基本施策の番号（例: Ⅶ-1-(1)）")
    title: Title = Field(description="基本施策の名前")
    initiatives: Annotated[list[Initiative], PARTS] = Field(default_factory=list, description="主な取組")
    contact: str | None = Ref("contact", "お問い合わせ先の id", default=None)
    page: PageMeta | None = None


class Policy(Record):
    """基本政策。計画が変わっても同じ政策は一つのレコードにまとめ、後継の政策は follows で前身を指します。"""

    kind: ClassVar[str] = "policy"
    label: ClassVar[str] = "基本政策"
    id: PageId
    former_ids: list[Id] = FormerIds()
    number: Title = Field(description="番号（例: Ⅶ、5）")
    number_label: Title = Field(description="番号を含む表示名（例: 基本政策Ⅶ、基本政策5）")
    title: Title = Field(description="基本政策の名前")
    plans: list[Annotated[str, Ref("plan", "計画の id")]] = Field(
        default_factory=list, description="この基本政策が掲げられた計画の id"
    )
    follows: str | None = Ref("policy", "前身となる基本政策の id", default=None)
    summary: Text | None = Field(None, description="基本政策の概要（任意）")
    measures: Annotated[list[Measure], PARTS] = Field(default_factory=list, description="基本施策")
    contact: str | None = Ref("contact", "お問い合わせ先の id", default=None)
    page: PageMeta | None = None


# --------------------------------------------------------------------------- statements


class Topic(Record):
    """施政方針の段落が触れる話題。サイトでは「テーマ」のページ（/theme/<id>/）になり、この話題の付いた段落と、related に書いた基本施策・主な取組・事業が並びます。"""

    kind: ClassVar[str] = "topic"
    label: ClassVar[str] = "話題"
    id: Id
    label_text: Title = Field(alias="label", description="話題の名前（例: 町内会・自治会）")
    related: list[Annotated[str, Ref("any", "関連するレコードの id")]] = Field(
        default_factory=list, description="関連する基本政策・基本施策・主な取組・事業の id"
    )


class Paragraph(Record):
    kind: ClassVar[str] = "paragraph"
    label: ClassVar[str] = "段落"
    id: Id
    text: Text = Field(description="段落の本文（元の文のまま）")
    policies: list[Annotated[str, Ref("policy", "基本政策の id")]] = Field(
        default_factory=list, description="この段落が述べる基本政策の id"
    )
    topics: list[Annotated[str, Ref("topic", "話題の id")]] = Field(default_factory=list, description="話題の id")


class StatementSection(Record):
    kind: ClassVar[str] = "section"
    label: ClassVar[str] = "施政方針の節"
    id: Id
    heading: Title = Field(description="節の見出し")
    paragraphs: list[Paragraph] = Field(min_length=1, description="段落（元の順に）")
    page: PageMeta | None = None


class Statement(Record):
    """施政方針。ファイルの中では古いものから順に並べます。"""

    kind: ClassVar[str] = "statement"
    label: ClassVar[str] = "施政方針"
    id: PageId
    former_ids: list[Id] = FormerIds()
    title: Title = Field(description="施政方針の名前（例: 令和3年度 施政方針）")
    fiscal_year: Year | None = Field(None, description="年度（西暦、不明なら書かない）")
    era_label: Title | None = Field(None, description="和暦の年度（例: 令和3年度）")
    note: Text | None = Field(None, description="補足（例: 年度が元資料から分からないこと）")
    sections: list[StatementSection] = Field(min_length=1)
    page: PageMeta | None = None
    contact: str | None = Ref("contact", "お問い合わせ先の id", default=None)


# --------------------------------------------------------------------------- progress report


class ProgressItem(Record):
    kind: ClassVar[str] = "progress-item"
    label: ClassVar[str] = "推進プランの取組"
    id: Id
    number: Annotated[int, Field(ge=1), NOT_TRUE_OR_FALSE] = Field(description="取組の番号（例: 1）")
    title: Title = Field(description="取組の名前")
    status: Text = Field(description="取組状況")
    points: list[Text] = Field(default_factory=list, description="○で示された項目")


class ProgressArea(Record):
    kind: ClassVar[str] = "progress-area"
    label: ClassVar[str] = "推進プランの分野"
    id: Id
    number: Title = Field(description="分野の番号（例: I）")
    title: Title
    items: list[ProgressItem] = Field(min_length=1)


class ProgressReport(Record):
    """推進プランの取組状況。"""

    kind: ClassVar[str] = "progress"
    label: ClassVar[str] = "推進プラン"
    id: PageId
    former_ids: list[Id] = FormerIds()
    title: Title
    intro: list[Text] = Field(default_factory=list, description="前書きの段落")
    figures: list[Figure] = Field(default_factory=list)
    areas: list[ProgressArea] = Field(min_length=1)
    policies: list[Annotated[str, Ref("policy", "関連する基本政策の id")]] = Field(default_factory=list)
    contact: str | None = Ref("contact", "お問い合わせ先の id", default=None)
    page: PageMeta | None = None


# --------------------------------------------------------------------------- the accessibility policy


class AccessibilityException(Strict):
    """ウェブアクセシビリティ方針の例外事項の1件（市が決めたものだけを書きます）。"""

    target: Text = Field(description="例外とするもの（例: オープンデータの CSV ファイル）")
    reason: Text = Field(description="例外とする理由")


class AccessibilityPolicy(Strict):
    """ウェブアクセシビリティ方針のうち、市が決める値。書かない項目は、方針のページに「まだ定めていません」と表示します。"""

    target_level: Literal["A", "AA"] | None = Field(
        None, description="目標とする JIS X 8341-3:2016 の適合レベル（A か AA）。対応度の目標は「準拠」です"
    )
    deadline: _dt.date | None = Field(None, description="目標を達成する期限（YYYY-MM-DD）")
    exceptions: list[AccessibilityException] | None = Field(
        None, description="例外事項（対象から除くもの）。例外がないと決めたときは [] と書きます。書かなければ「まだ定めていません」"
    )
    contact: str | None = Ref("contact", "アクセシビリティについてのお問い合わせ先の id（contacts の id）", default=None)
    established: _dt.date | None = Field(None, description="方針を定めた日（策定日、YYYY-MM-DD）")
    updated: _dt.date | None = Field(None, description="方針を改めた日（更新日、YYYY-MM-DD）")
# --------------------------------------------------------------------------- search


SEARCH_WORD_MAX = 40


def _search_word(value: str) -> str:
    """A word of the search's synonym list: like a title, and one word (no white space inside)."""
    value = _title(value)
    if any(c.isspace() for c in value.strip()):
        raise PydanticCustomError("space-in-word", "検索の言葉に空白は使えません（2つの言葉なら、別々に書きます）")
    if not re.search(r"[^\W_]", unicodedata.normalize("NFKC", value)):
        raise PydanticCustomError("no-letter-in-word", "検索の言葉に文字（かな・漢字・英数字）がありません")
    return value.strip()


SearchWord = Annotated[str, AfterValidator(_search_word), Field(max_length=SEARCH_WORD_MAX)]


class Synonym(Record):
    """検索の「同じ意味の言葉」の1行。読者がふだん使う言葉（words）で検索したとき、市のページが使う言葉（page_words）を含むページも結果に出します（言葉をそのまま含むページが先に並び、結果の上に「同じ意味の…を含むページ」と書かれます）。page_words を書かない行は、words のどれで検索しても、ほかの words を含むページが出ます（表記のゆれ、送りがなの違い）。検索は、辞書（Sudachi の同義語辞書）から選んで見直した「ふだんの言葉」の一覧（generator/data/everyday-synonyms.json: 互助 → 支え合い）も使います。同じ読者の言葉をここに書くと、ここに書いた行が使われます。一覧の組を使わせないときは、その言葉だけを words に書きます（page_words なし）。"""

    kind: ClassVar[str] = "synonym"
    label: ClassVar[str] = "同じ意味の言葉"
    words: list[SearchWord] = Field(min_length=1, description="読者が打つ言葉（例: [はんこ, 判子]）。空白を含まない1語ずつ")
    page_words: list[SearchWord] = Field(
        default_factory=list,
        description="ページに書かれている言葉（例: [印鑑, 押印]）。書かなければ、words どうしが同じ意味になります",
    )
    note: Text | None = Field(
        None, description="なぜ同じ意味と言えるかの一言（例: 印鑑の話し言葉）。検索には使わず、見直す人のために書きます"
    )


# --------------------------------------------------------------------------- the corpus


class Site(Strict):
    title: Title = Field(description="サイト名")
    description: Text = Field(description="トップページの説明文")
    organisation: Text | None = Field(
        None, description="サイトを運営する自治体・組織の名前（例: ○○市）。更新情報（Atom フィード）の発行者として表示します。書かなければサイト名を使います"
    )
    contact_centre: ContactCentre = Field(description="自治体の総合案内（コールセンターなど）")
    licence: Text | None = Field(None, description="オープンデータの利用条件の一文（例: 利用条件の名前と URL）。決まっていなければ書かない")
    updated: _dt.date | None = Field(None, description="コーパス全体の更新日（オープンデータの更新日として表示）")


class Corpus(Strict):
    """政策ポータルのコーパス（policies.yaml）。"""

    model_config = ConfigDict(title="政策ポータル コーパス", extra="forbid", frozen=True)

    version: Version
    site: Site = Field(description="サイト全体の設定（名前・説明・総合案内）")
    contacts: Annotated[list[Contact], PARTS] = Field(default_factory=list, description="お問い合わせ先（各ページから id で参照）")
    plans: Annotated[list[Plan], PARTS] = Field(min_length=1, description="計画期間")
    topics: Annotated[list[Topic], PARTS] = Field(default_factory=list, description="施政方針の話題")
    policies: Annotated[list[Policy], PARTS] = Field(min_length=1, description="基本政策")
    statements: Annotated[list[Statement], PARTS] = Field(default_factory=list, description="施政方針（古い順）")
    progress_reports: Annotated[list[ProgressReport], PARTS] = Field(default_factory=list, description="推進プランの取組状況")
    accessibility: AccessibilityPolicy | None = Field(
        None, description="ウェブアクセシビリティ方針のうち市が決める値（目標・期限・例外事項・お問い合わせ先・策定日）"
    )
    search_synonyms: Annotated[list[Synonym], PARTS] = Field(
        default_factory=list, description="検索の「同じ意味の言葉」（読者の言葉 → ページの言葉）。ふつうは別のファイル（- file: corpus/synonyms.yaml）に書きます"
    )
