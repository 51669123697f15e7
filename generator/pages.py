"""Which pages the site has: one function per page kind, each naming its template.

A page kind = a template in ``generator/templates/`` + a loop over the corpus (Eleventy's
"pages from data"). ``all_pages`` lists them; ``generator.build`` renders and writes them.

URL scheme (ids never change, titles may):

==================  ==========================================  ======================
kind                file in build/docs                          template
==================  ==========================================  ======================
top page            index.md                                    home.md.j2
計画期間            keikaku/index.md                            plans.md.j2
オープンデータ      data/index.md                               opendata.md.j2
アクセシビリティ方針 accessibility/index.md                     a11y_policy.md.j2
試験結果            accessibility/results.md                    a11y_results.md.j2
テーマ (list)       theme/index.md                              topics.md.j2
テーマ              theme/<topic-id>.md                         topic.md.j2
基本政策 (list)     seisaku/index.md                            policies.md.j2
基本政策            seisaku/<policy-id>.md                      policy.md.j2
基本施策 (list)     shisaku/index.md  [+ groups, see below]     measures.md.j2
基本施策            shisaku/<measure-id>.md                     measure.md.j2
主な取組 (list)     torikumi/index.md [+ groups]                initiatives.md.j2
主な取組            torikumi/<initiative-id>.md                 initiative.md.j2
事業 (list)         jigyo/index.md    [+ groups]                projects.md.j2
事業                jigyo/<project-id>.md                       project.md.j2
施政方針 (list)     shisei-hoshin/index.md                      statements.md.j2
施政方針            shisei-hoshin/<statement-id>.md             statement.md.j2
推進プラン (list)   suishin-plan/index.md                       progress_list.md.j2
推進プラン          suishin-plan/<report-id>.md                 progress.md.j2
==================  ==========================================  ======================

The three record lists (基本施策, 主な取組, 事業) are grouped by 計画期間 (newest first) and
基本政策. While a list has at most ``LIST_INLINE_LIMIT`` entries, its index page shows them all;
above that (a large corpus) the index shows one link per group, and each group has its own page,
``<kind>/<plan-id>/<policy-id>.md`` (e.g. jigyo/plan-2011/sanka-kyodo-shimin-jichi.md), with the
same template. A group URL has two segments, so it never meets a record's page (one segment, and
ids are unique across the corpus). The 404 page is the theme's ``404.html`` (not generated here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import model

# The folder of each kind of record that has a page of its own (its URL is /<folder>/<id>/). Every one of
# these kinds can keep its earlier ids in ``former_ids``: the build keeps their URLs (generator.redirects).
PAGE_FOLDERS = {
    "policy": "seisaku",
    "measure": "shisaku",
    "initiative": "torikumi",
    "project": "jigyo",
    "statement": "shisei-hoshin",
    "progress": "suishin-plan",
}


def page_path(kind: str, id_: str) -> str:
    """The generated Markdown file of a record's page (``jigyo/<id>.md``)."""
    return f"{PAGE_FOLDERS[kind]}/{id_}.md"

LIST_INLINE_LIMIT = 300  # entries a record list shows on one page (at 10,000 事業: bench/list_weight.py)
EXCERPT_CHARS = 80  # a 施政方針 paragraph's excerpt on a テーマ page (characters)


@dataclass
class Page:
    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    breadcrumb: list[tuple[str, str]] = field(default_factory=list)  # (title, path) of the ancestors
    record: Any = None  # the record this page shows (None for lists and the top page)
    updated: str = ""  # 更新日 (ISO) when the corpus gives one: the sitemap's lastmod and the feed

    def __post_init__(self) -> None:
        meta = getattr(self.record, "page", None)
        if meta is not None and (meta.updated or meta.published):
            self.updated = (meta.updated or meta.published).isoformat()

    @property
    def url(self) -> str:
        """The page's URL path relative to the site root ("" for the top page)."""
        from .render import url_of

        return url_of(self.path)

    @property
    def twin(self) -> str:
        """The machine-readable twin beside the page: the same URL + index.json."""
        return self.url + "index.json"


@dataclass
class HistoryEntry:
    """One row of a 基本政策's history: a plan's 基本施策 or a statement's paragraphs."""

    sort_key: float
    policy: model.Policy
    plan: model.Plan | None = None
    measures: list[model.Measure] = field(default_factory=list)
    statement: model.Statement | None = None
    paragraphs: list[tuple[model.StatementSection, model.Paragraph]] = field(default_factory=list)


LIST_KINDS = {  # kind (= URL folder) -> (title of the list, what one entry is)
    "shisaku": ("基本施策の一覧", "基本施策"),
    "torikumi": ("主な取組の一覧", "主な取組"),
    "jigyo": ("事業の一覧", "事業"),
}


@dataclass
class ListGroup:
    """One 計画期間 × 基本政策 group of a record list."""

    kind: str  # "shisaku", "torikumi" or "jigyo"
    plan: model.Plan
    policy: model.Policy
    measures: list[model.Measure]

    @property
    def path(self) -> str:
        return f"{self.kind}/{self.plan.id}/{self.policy.id}.md"

    @property
    def title(self) -> str:
        return f"{LIST_KINDS[self.kind][0]}（{self.plan.title}・{self.policy.number_label} {self.policy.title}）"

    def projects(self, measure: model.Measure) -> list[model.Project]:
        """The 事業 listed under a 基本施策 (each once, where it is written; 再掲 left out)."""
        return [p for ini in measure.initiatives for p in ini.projects if isinstance(p, model.Project)]

    @property
    def count(self) -> int:
        if self.kind == "shisaku":
            return len(self.measures)
        if self.kind == "torikumi":
            return sum(len(m.initiatives) for m in self.measures)
        return sum(len(self.projects(m)) for m in self.measures)


class Index:
    """Look-ups over a validated corpus: parents, paths, contacts, 再掲 places, history."""

    def __init__(self, corpus: model.Corpus, repo_history: dict[str, list[tuple[str, str]]] | None = None,
                 a11y_results: dict | None = None, a11y_records: dict | None = None, today: Any = None) -> None:
        import datetime as _dt

        self.corpus = corpus
        self.repo_history = repo_history or {}
        self.a11y_results = a11y_results  # the published 試験結果 (accessibility/results.json), if any
        self.a11y_records = a11y_records or {}  # criterion → newest record of accessibility/manual-checks.yaml
        self.today = today or _dt.date(2000, 1, 1)  # what "over a year old" counts from (build.build_date)
        self.plans = {p.id: p for p in corpus.plans}
        self.contacts = {c.id: c for c in corpus.contacts}
        self.policies = {p.id: p for p in corpus.policies}
        self.path: dict[str, str] = {}
        self.records: dict[str, Any] = {}
        self.parents: dict[str, list[Any]] = {}
        self.projects: dict[str, model.Project] = {}
        self.listed_in: dict[str, list[model.Initiative]] = {}  # project id -> initiatives that list it (home first)
        for policy in corpus.policies:
            self.path[policy.id] = page_path("policy", policy.id)
            self.records[policy.id] = policy
            self.parents[policy.id] = []
            for measure in policy.measures:
                self.path[measure.id] = page_path("measure", measure.id)
                self.records[measure.id] = measure
                self.parents[measure.id] = [policy]
                for ini in measure.initiatives:
                    self.path[ini.id] = page_path("initiative", ini.id)
                    self.records[ini.id] = ini
                    self.parents[ini.id] = [policy, measure]
                    for entry in ini.projects:
                        if isinstance(entry, model.Project):
                            self.projects[entry.id] = entry
                            self.records[entry.id] = entry
                            self.path[entry.id] = page_path("project", entry.id)
                            self.parents[entry.id] = [policy, measure, ini]
                            self.listed_in.setdefault(entry.id, []).insert(0, ini)
                        else:
                            self.listed_in.setdefault(entry.ref, []).append(ini)
        for st in corpus.statements:
            self.path[st.id] = page_path("statement", st.id)
            self.records[st.id] = st
            for sec in st.sections:
                self.path[sec.id] = f"shisei-hoshin/{st.id}.md#{sec.id}"
                for para in sec.paragraphs:
                    self.path[para.id] = f"shisei-hoshin/{st.id}.md#{para.id}"
        for rep in corpus.progress_reports:
            self.path[rep.id] = page_path("progress", rep.id)
            self.records[rep.id] = rep
        self.topics = {t.id: t for t in corpus.topics}
        self.topic_paragraphs: dict[str, list[tuple[model.Statement, model.StatementSection, model.Paragraph]]] = {
            t.id: [] for t in corpus.topics}
        for st in corpus.statements:
            for sec in st.sections:
                for para in sec.paragraphs:
                    for tid in para.topics:
                        self.topic_paragraphs[tid].append((st, sec, para))
        for topic in corpus.topics:
            self.path[topic.id] = f"theme/{topic.id}.md"
            self.records[topic.id] = topic
            self.parents[topic.id] = []
        self.statement_keys = self._statement_keys()
        # former id -> the record that carries it now (its old URL sends the reader to the record's page)
        self.former = {old: rec for rec in self.records.values() for old in getattr(rec, "former_ids", ())}

    # --- labels -----------------------------------------------------------------------

    def title(self, record: Any) -> str:
        if isinstance(record, model.Policy):
            return f"{record.number_label} {record.title}"
        if isinstance(record, model.Measure):
            return f"基本施策 {record.code} {record.title}"
        if isinstance(record, model.Initiative):
            return f"主な取組{record.number} {record.title}"
        if isinstance(record, model.Project):
            return record.name + ("（各区）" if record.wards else "")
        if isinstance(record, model.Topic):
            return record.label_text
        return getattr(record, "title", getattr(record, "heading", record.id))

    def label(self, record: Any) -> str:
        """The record's kind and title for messages and reviews: 事業「…」, 主な取組「① …」 (the kind said once)."""
        kind, title = type(record).label, self.title(record)
        return f"{kind}「{title.removeprefix(kind).strip() if title.startswith(kind) else title}」"

    def record_note(self, record: Any) -> str:
        """What a record is and when: its kind and 計画期間 (「基本施策・計画期間 2011～2013年度」), so that two
        records with the same title in different plans can be told apart in a list."""
        kind = "テーマ" if isinstance(record, model.Topic) else type(record).label
        if isinstance(record, model.Policy):
            return "・".join([kind, *(self.plans[p].title for p in record.plans)])
        plan = self.plan_of(record)
        return f"{kind}・{plan.title}" if plan is not None else kind

    def topic_note(self, topic: model.Topic) -> str:
        """How much a テーマ holds (「施政方針 3 段落・主な取組 2 件」)."""
        parts = []
        if self.topic_paragraphs[topic.id]:
            parts.append(f"施政方針 {len(self.topic_paragraphs[topic.id])} 段落")
        for kind, records in self.topic_related(topic):
            parts.append(f"{kind} {len(records)} 件")
        return "・".join(parts)

    def topic_related(self, topic: model.Topic) -> list[tuple[str, list[Any]]]:
        """The records a テーマ names in ``related``, by kind (基本政策, 基本施策, 主な取組, 事業), corpus order."""
        order = [model.Policy, model.Measure, model.Initiative, model.Project, model.Statement, model.ProgressReport]
        found = [self.records[r] for r in topic.related if r in self.records and not isinstance(self.records[r], model.Topic)]
        out = []
        for cls in order:
            records = [r for r in found if type(r) is cls]
            if records:
                out.append((cls.label, records))
        return out

    def topic_statements(self, topic: model.Topic) -> list[tuple[model.Statement, list[model.Paragraph]]]:
        """The 施政方針 paragraphs that carry a テーマ, by statement (newest first), in reading order."""
        by_statement: dict[str, list[model.Paragraph]] = {}
        statements = {}
        for st, _sec, para in self.topic_paragraphs[topic.id]:
            statements[st.id] = st
            by_statement.setdefault(st.id, []).append(para)
        ordered = sorted(statements.values(), key=lambda st: -self.statement_keys[st.id])
        return [(st, by_statement[st.id]) for st in ordered]

    @staticmethod
    def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
        """The start of a paragraph: its first sentence if that ends within ``limit`` + 20 characters,
        else up to the last 「、」 in the first ``limit`` characters (or ``limit`` characters) and 「…」."""
        text = " ".join(text.split())
        end = text.find("。")
        if 0 <= end < limit + 20:
            return text[: end + 1]
        if len(text) <= limit:
            return text
        cut = text[:limit]
        comma = cut.rfind("、")
        if comma > limit // 2:
            cut = cut[:comma]
        return cut + "…"

    def section_tags(self, section: model.StatementSection) -> tuple[list[str], list[tuple[model.Paragraph, list[str], list[str]]]]:
        """Which chips a 施政方針 section shows, and where: the 基本政策 every paragraph names, once under
        the heading; then, before a paragraph, its テーマ and other 基本政策 only where they differ from
        the paragraph before it (a run of paragraphs on one テーマ gets one label, not one per paragraph).
        Returns (common policy ids, [(paragraph, policy ids, topic ids) — empty lists where nothing changes])."""
        common = [p for p in section.paragraphs[0].policies if all(p in para.policies for para in section.paragraphs)]
        out = []
        previous: tuple[list[str], list[str]] | None = None
        for para in section.paragraphs:
            own = ([p for p in para.policies if p not in common], list(para.topics))
            if own == previous or not (own[0] or own[1]):
                out.append((para, [], []))
            else:
                out.append((para, *own))
            previous = own
        return common, out

    # --- record lists (基本施策・主な取組・事業) -----------------------------------------

    def list_groups(self, kind: str) -> list["ListGroup"]:
        """A record list's groups: 計画期間 (newest first) × 基本政策 (corpus order)."""
        groups = []
        for plan in sorted(self.corpus.plans, key=lambda p: -self.plan_key(p)):
            for policy in self.policies_in(plan.id):
                measures = [m for m in policy.measures if m.plan == plan.id]
                groups.append(ListGroup(kind, plan, policy, measures))
        return groups

    def list_is_split(self, kind: str) -> bool:
        return sum(g.count for g in self.list_groups(kind)) > LIST_INLINE_LIMIT

    def history_of(self, record: Any) -> list[tuple[str, str]]:
        """変更履歴, newest first: the editor's entries in ``page.history`` and the repository's."""
        meta = getattr(record, "page", None)
        own = [(h.date.isoformat(), h.summary) for h in meta.history] if meta is not None else []
        return sorted(own + self.repo_history.get(record.id, []), key=lambda e: e[0], reverse=True)

    def card_note(self, record: Any) -> str:
        """The short line under a record's title in a list of links."""
        if isinstance(record, model.Policy):
            return "・".join(self.plans[p].title for p in record.plans)
        if isinstance(record, model.Measure):
            return f"{self.plans[record.plan].title}・主な取組 {len(record.initiatives)} 件"
        if isinstance(record, model.Statement):
            return record.note or ""
        if isinstance(record, model.Topic):
            return self.topic_note(record)
        return ""

    def report_href(self, page: Page, site_url: str) -> str:
        """「誤りの報告」: a mailto: to the page's 所管課 carrying the page's title and URL, or "" when
        the page has no contact with an e-mail address (the page then points to its contact block)."""
        from urllib.parse import quote

        from .render import absolute_url

        contact = self.contact_for(page.record) if page.record is not None else None
        if contact is None or not contact.email:
            return ""
        subject = f"【{self.corpus.site.title}】{page.title} について"
        body = f"ページ: {page.title}\nURL: {absolute_url(site_url, page.path)}\n\n（ご意見・誤りの内容をお書きください）\n"
        return f"mailto:{contact.email}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"

    def report_channel(self, page: Page, site_url: str) -> dict[str, str]:
        """Where 「このページについてのお問い合わせ・誤りの報告」 leads (issue #14: never to a block that
        gives no way to reach anyone). ``kind``:

        - ``mail``: a mailto: to the page's contact (``href``);
        - ``block``: the page's お問い合わせ先 block (#contact), which gives the contact's phone or fax
          number, or the contact centre's number;
        - ``centre-url`` / ``centre-tel``: the contact centre's page or number (``href``, ``name``), when the
          page's contact gives neither;
        - ``none``: the corpus gives no channel at all (the page says so in words)."""
        mail = self.report_href(page, site_url)
        if mail:
            return {"kind": "mail", "href": mail}
        contact = self.contact_for(page.record) if page.record is not None else None
        centre = self.corpus.site.contact_centre
        if contact is not None and (contact.phone or contact.fax):
            return {"kind": "block"}
        if contact is None and centre.phone:
            return {"kind": "block"}  # the block is the centre's, with its number and hours
        if centre.url:
            return {"kind": "centre-url", "href": centre.url, "name": centre.name}
        if centre.phone:
            return {"kind": "centre-tel", "href": f"tel:{centre.phone}", "phone": centre.phone, "name": centre.name}
        return {"kind": "none"}

    def record(self, id_: str) -> Any:
        return self.records.get(id_)

    def contact_for(self, record: Any) -> model.Contact | None:
        """The record's own contact, or the nearest ancestor's."""
        for r in [record, *reversed(self.parents.get(record.id, []))]:
            cid = getattr(r, "contact", None)
            if cid:
                return self.contacts[cid]
        return None

    def plan_of(self, record: Any) -> model.Plan | None:
        for r in [record, *reversed(self.parents.get(record.id, []))]:
            if isinstance(r, model.Measure):
                return self.plans[r.plan]
        return None

    def policies_in(self, plan_id: str) -> list[model.Policy]:
        return [p for p in self.corpus.policies if plan_id in p.plans]

    def related_to(self, statement: model.Statement) -> list[Any]:
        """Records linked from the topics a statement's paragraphs speak of, in first-mention order."""
        seen: dict[str, Any] = {}
        for sec in statement.sections:
            for para in sec.paragraphs:
                for tid in para.topics:
                    for rid in self.topics[tid].related:
                        if rid in self.records and rid not in seen:
                            seen[rid] = self.records[rid]
        return list(seen.values())

    # --- history of a 基本政策 ---------------------------------------------------------

    def _statement_keys(self) -> dict[str, float]:
        keys: dict[str, float] = {}
        last = max((p.end for p in self.corpus.plans if p.end), default=0) + 0.0
        for st in self.corpus.statements:  # listed oldest first
            last = float(st.fiscal_year) if st.fiscal_year is not None else last + 0.5
            keys[st.id] = last
        return keys

    def plan_key(self, plan: model.Plan) -> float:
        """Plans sort by start year; a plan whose years are unknown counts as after the dated ones."""
        if plan.start is not None:
            return float(plan.start)
        return max((p.end for p in self.corpus.plans if p.end), default=0) + 1.0

    def lineage(self, policy: model.Policy) -> list[model.Policy]:
        """The policy with its predecessors and successors (connected by ``follows``)."""
        group = {policy.id}
        changed = True
        while changed:
            changed = False
            for p in self.corpus.policies:
                if p.id not in group and (p.follows in group or any(self.policies[g].follows == p.id for g in group)):
                    group.add(p.id)
                    changed = True
        return [p for p in self.corpus.policies if p.id in group]

    def lineages(self) -> list[list[model.Policy]]:
        """Every chain of policies connected by ``follows``, oldest first within a chain."""
        seen: set[str] = set()
        out = []
        for policy in self.corpus.policies:
            if policy.id not in seen:
                group = self.lineage(policy)
                seen.update(p.id for p in group)
                order = {p.id: min((self.plan_key(self.plans[i]) for i in p.plans), default=0) for p in group}
                out.append(sorted(group, key=lambda p: order[p.id]))
        return out

    def history(self, policy: model.Policy) -> list[HistoryEntry]:
        """What each plan and each statement says about this policy and its lineage, newest first."""
        entries: list[HistoryEntry] = []
        for p in self.lineage(policy):
            for plan_id in p.plans:
                plan = self.plans[plan_id]
                measures = [m for m in p.measures if m.plan == plan_id]
                entries.append(HistoryEntry(self.plan_key(plan), p, plan=plan, measures=measures))
            for st in self.corpus.statements:
                paras = [(sec, para) for sec in st.sections for para in sec.paragraphs if p.id in para.policies]
                if paras:
                    entries.append(HistoryEntry(self.statement_keys[st.id], p, statement=st, paragraphs=paras))
        return sorted(entries, key=lambda e: -e.sort_key)


# --------------------------------------------------------------------------- page kinds


def home(ix: Index) -> Page:
    return Page("index.md", "home.md.j2", ix.corpus.site.title,
                description=ix.corpus.site.description)


def topic_list(ix: Index) -> Page:
    return Page("theme/index.md", "topics.md.j2", "テーマから探す", breadcrumb=[("トップ", "index.md")],
                description="町内会・区役所・脱炭素などのテーマごとに、施政方針と計画の取組をまとめています")


def topic_page(ix: Index, topic: model.Topic) -> Page:
    return Page(ix.path[topic.id], "topic.md.j2", topic.label_text,
                {"topic": topic, "statements": ix.topic_statements(topic), "related": ix.topic_related(topic)},
                description=f"テーマ「{topic.label_text}」についての施政方針と計画の取組",
                breadcrumb=[("トップ", "index.md"), ("テーマから探す", "theme/index.md")], record=topic)


_LIST_TEMPLATES = {"shisaku": "measures.md.j2", "torikumi": "initiatives.md.j2", "jigyo": "projects.md.j2"}


def record_list(ix: Index, kind: str) -> Page:
    """基本施策・主な取組・事業の一覧: every entry, or (above LIST_INLINE_LIMIT) one link per group."""
    title, label = LIST_KINDS[kind]
    groups = ix.list_groups(kind)
    return Page(f"{kind}/index.md", _LIST_TEMPLATES[kind], title,
                {"kind": kind, "groups": groups, "split": ix.list_is_split(kind), "group": None,
                 "total": sum(g.count for g in groups)},
                breadcrumb=[("トップ", "index.md")], description=f"すべての{label}を計画期間と基本政策ごとに並べた一覧")


def record_list_group(ix: Index, group: ListGroup) -> Page:
    title, label = LIST_KINDS[group.kind]
    return Page(group.path, _LIST_TEMPLATES[group.kind], group.title,
                {"kind": group.kind, "groups": [group], "split": False, "group": group, "total": group.count},
                breadcrumb=[("トップ", "index.md"), (title, f"{group.kind}/index.md")],
                description=f"{group.plan.title}・{group.policy.number_label}の{label}の一覧")


def policy_list(ix: Index) -> Page:
    return Page("seisaku/index.md", "policies.md.j2", "基本政策の一覧", breadcrumb=[("トップ", "index.md")])


def policy_page(ix: Index, policy: model.Policy) -> Page:
    return Page(ix.path[policy.id], "policy.md.j2", ix.title(policy), {"policy": policy, "history": ix.history(policy)},
                description=policy.summary or ix.title(policy), breadcrumb=[("トップ", "index.md")], record=policy)


def _crumbs(ix: Index, record: Any) -> list[tuple[str, str]]:
    return [("トップ", "index.md")] + [(ix.title(p), ix.path[p.id]) for p in ix.parents[record.id]]


def measure_page(ix: Index, measure: model.Measure) -> Page:
    return Page(ix.path[measure.id], "measure.md.j2", ix.title(measure), {"measure": measure},
                description=f"{ix.plans[measure.plan].title}の{ix.title(measure)}", breadcrumb=_crumbs(ix, measure), record=measure)


def initiative_page(ix: Index, ini: model.Initiative) -> Page:
    return Page(ix.path[ini.id], "initiative.md.j2", ix.title(ini), {"initiative": ini},
                description=ix.title(ini), breadcrumb=_crumbs(ix, ini), record=ini)


def project_page(ix: Index, project: model.Project) -> Page:
    return Page(ix.path[project.id], "project.md.j2", ix.title(project), {"project": project},
                description=project.purpose, breadcrumb=_crumbs(ix, project), record=project)


def statement_list(ix: Index) -> Page:
    return Page("shisei-hoshin/index.md", "statements.md.j2", "施政方針", breadcrumb=[("トップ", "index.md")])


def statement_page(ix: Index, st: model.Statement) -> Page:
    return Page(ix.path[st.id], "statement.md.j2", st.title, {"statement": st}, description=st.title,
                breadcrumb=[("トップ", "index.md"), ("施政方針", "shisei-hoshin/index.md")], record=st)


def progress_list(ix: Index) -> Page:
    return Page("suishin-plan/index.md", "progress_list.md.j2", "推進プランの取組状況", breadcrumb=[("トップ", "index.md")])


def progress_page(ix: Index, rep: model.ProgressReport) -> Page:
    return Page(ix.path[rep.id], "progress.md.j2", rep.title, {"report": rep}, description=rep.title,
                breadcrumb=[("トップ", "index.md"), ("推進プランの取組状況", "suishin-plan/index.md")], record=rep)


def plans_page(ix: Index) -> Page:
    return Page("keikaku/index.md", "plans.md.j2", "計画期間と基本政策", breadcrumb=[("トップ", "index.md")],
                description="計画期間ごとの基本政策と、計画をまたいだ引き継ぎ")


# The columns of data/projects.csv (written by generator.opendata), listed on the open data page.
CSV_COLUMNS = [
    ("id", "事業ID"),
    ("name", "事業名"),
    ("wards", "各区"),
    ("purpose", "目的"),
    ("progress", "これまでの取組と現状"),
    ("plan_actions", "計画期間の具体的な取組"),
    ("later", "計画期間後の取組"),
    ("plan", "計画"),
    ("policy", "基本政策"),
    ("measure", "基本施策"),
    ("initiative", "主な取組"),
    ("listed_again_in", "再掲している主な取組"),
    ("url", "ページのURL"),
]


def opendata_page(ix: Index) -> Page:
    return Page("data/index.md", "opendata.md.j2", "オープンデータ", {"csv_columns": CSV_COLUMNS},
                breadcrumb=[("トップ", "index.md")], description="政策ポータルのデータ（JSON・CSV・Atom）")


def a11y_policy_page(ix: Index) -> Page:
    """ウェブアクセシビリティ方針: the city's decisions from the corpus (``accessibility:``), the scope from site_url
    (filled in by the template's ``site_url``). A hand-written content/accessibility/index.md replaces it
    (generator.build: projects made before the page was generated keep theirs)."""
    from .a11y_results import WAIC_GUIDELINE, WAIC_GUIDELINE_URL

    policy = ix.corpus.accessibility
    contact = ix.contacts.get(policy.contact) if policy is not None and policy.contact else None
    return Page("accessibility/index.md", "a11y_policy.md.j2", "ウェブアクセシビリティ方針",
                {"policy": policy, "contact": contact, "waic_guideline": WAIC_GUIDELINE, "waic_guideline_url": WAIC_GUIDELINE_URL},
                breadcrumb=[("トップ", "index.md")],
                description="このサイトのウェブアクセシビリティ方針（対象範囲・目標・例外事項・試験の時期）")


def a11y_results_page(ix: Index) -> Page:
    """試験結果 (JIS X 8341-3:2016), from the committed accessibility/results.json (``Index.a11y_results``, the
    automatic checks: the page can never disagree with the run it came from, tests/accessibility/
    test_published_results.py) and a person's checks (``Index.a11y_records``), put together by
    ``a11y_results.combine``."""
    from .a11y_results import combine

    results = ix.a11y_results
    if results is not None:
        policy = ix.corpus.accessibility
        results = combine(results, ix.a11y_records, policy.target_level if policy else None, ix.today)
    return Page("accessibility/results.md", "a11y_results.md.j2", "試験結果",
                {"results": results, "site_name": ix.corpus.site.title, "root": "../../"},
                breadcrumb=[("トップ", "index.md"), ("ウェブアクセシビリティ方針", "accessibility/index.md")],
                description="JIS X 8341-3:2016 に基づくウェブアクセシビリティの試験結果")


def all_pages(ix: Index) -> list[Page]:
    corpus = ix.corpus
    pages = [home(ix), policy_list(ix), plans_page(ix), statement_list(ix), progress_list(ix), opendata_page(ix),
             a11y_policy_page(ix), a11y_results_page(ix), topic_list(ix)]
    pages.extend(topic_page(ix, topic) for topic in corpus.topics)
    for kind in LIST_KINDS:
        pages.append(record_list(ix, kind))
        if ix.list_is_split(kind):
            pages.extend(record_list_group(ix, g) for g in ix.list_groups(kind) if g.count)
    for policy in corpus.policies:
        pages.append(policy_page(ix, policy))
        for measure in policy.measures:
            pages.append(measure_page(ix, measure))
            for ini in measure.initiatives:
                pages.append(initiative_page(ix, ini))
                pages.extend(project_page(ix, p) for p in ini.projects if isinstance(p, model.Project))
    pages.extend(statement_page(ix, st) for st in corpus.statements)
    pages.extend(progress_page(ix, rep) for rep in corpus.progress_reports)
    return pages
