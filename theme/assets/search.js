// 検索ページ。索引（search-index/）と検索エンジン（search-engine.js）は、読者が検索したときに初めて読み込む。
//
// 索引と検索で言葉の切り方は同じ（generator/search_text.py、search-engine.js）。見つかったページは、本文に
// 言葉（または、言い換え・同じ意味の言葉として索引の synonyms にある言葉）が含まれることを確かめてから表示する。
// 抜粋と段落へのリンクは、索引に入っているページの本文（p/<番号>.bin）から作る。

const CONTEXT = 40; // characters of context on each side of the match in an excerpt
const SUBS = 3; // links to paragraphs per page at most

// Kinds whose long pages get links to the paragraph that matches, even from headings (a 主な取組 page is several
// screens on a phone: 現状と課題, the plan period's work, each 事業 with its own heading).
const LONG_KINDS = new Set(['施政方針', '推進プラン', '基本政策', '主な取組']);

const form = document.getElementById('portal-search');
const input = document.getElementById('q');
const status = document.getElementById('portal-search-status');
const list = document.getElementById('portal-search-results');
const me = document.querySelector('script[data-index]');
const siteRoot = new URL(me.dataset.base || './', document.baseURI);
let engine = null;

async function load() {
  if (!engine) {
    engine = import(new URL(me.dataset.engine, document.baseURI).href).then(async (m) => {
      const index = new m.Index(new URL(me.dataset.index, document.baseURI));
      await index.load();
      return { m, index };
    });
  }
  return engine;
}

// The page's anchors with where each one's text ends and where its own first block ends.
function withAnchors(page) {
  const text = page.text;
  const anchors = page.anchors.filter((a) => a.id).map((a) => ({ ...a })).sort((a, b) => a.start - b.start);
  anchors.forEach((a, i) => {
    a.end = i + 1 < anchors.length ? anchors[i + 1].start : text.length;
    const line = text.indexOf('\n', a.start);
    a.lineEnd = line >= 0 && line < a.end ? line : a.end; // the element's own first block
  });
  return { ...page, anchors };
}

// Where the wanted (compacted) words occur in the page text: [{start, end}] in text offsets.
function occurrences(page, wanted) {
  const found = [];
  for (const c of wanted) {
    if (!c) continue;
    let i = page.compact.text.indexOf(c);
    while (i >= 0) {
      found.push({ start: page.compact.at[i], end: page.compact.at[i + c.length - 1] + 1 });
      i = page.compact.text.indexOf(c, i + c.length);
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  // overlapping occurrences (おくやみ and お悔やみ cannot, but 障害者 and 障害 can): the first, longest one
  const out = [];
  for (const o of found) if (!out.length || o.start >= out[out.length - 1].end) out.push(o);
  return out;
}

// ------------------------------------------------------------------ results

function textWithMarks(text, start, end, marks) {
  // text[start:end] as nodes, the parts in marks as <mark>, with … where a block was cut.
  const nodes = [];
  let pos = start;
  if (start > 0 && text[start - 1] !== '\n') nodes.push(document.createTextNode('…'));
  for (const m of marks) {
    if (m.end <= pos || m.start >= end) continue;
    const s = Math.max(m.start, pos);
    const e = Math.min(m.end, end);
    if (s > pos) nodes.push(document.createTextNode(text.slice(pos, s)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(s, e);
    nodes.push(mark);
    pos = e;
  }
  if (pos < end) nodes.push(document.createTextNode(text.slice(pos, end)));
  if (end < text.length && text[end] !== '\n') nodes.push(document.createTextNode('…'));
  return nodes;
}

// The part of the block around an occurrence that an excerpt shows: [start, end).
function excerpt(text, occ, from = 0, to = text.length) {
  const blockStart = Math.max(from, text.lastIndexOf('\n', occ.start - 1) + 1);
  let blockEnd = text.indexOf('\n', occ.end);
  blockEnd = Math.min(to, blockEnd < 0 ? text.length : blockEnd);
  const start = Math.max(blockStart, occ.start - CONTEXT);
  const end = Math.min(blockEnd, Math.max(occ.end, start + CONTEXT * 2.5));
  return [start, end];
}

function renderResult(page, wanted, groups = [wanted]) {
  const meta = { kind: page.kind, trail: page.trail, title: page.title };
  const url = new URL(page.url, siteRoot).pathname;
  const occ = occurrences(page, wanted);
  const li = document.createElement('li');
  li.className = 'portal-result';

  const info = document.createElement('p');
  info.className = 'portal-result__info';
  if (meta.kind) {
    const kind = document.createElement('span');
    kind.className = 'portal-result__kind';
    kind.textContent = meta.kind;
    info.append(kind);
  }
  if (meta.trail && meta.trail !== meta.kind) {
    const trail = document.createElement('span');
    trail.className = 'portal-result__trail';
    trail.textContent = meta.trail;
    info.append(trail);
  }

  const a = document.createElement('a');
  a.className = 'portal-result__title';
  a.href = url;
  a.textContent = meta.title || url;
  li.append(a);
  if (info.childNodes.length) li.append(info);

  // The h1 is the page's title: matches in it need no excerpt.
  const h1 = page.anchors.find((x) => x.element === 'h1');
  const body = occ.filter((o) => !h1 || o.start >= h1.lineEnd || o.end <= h1.start);

  // Links straight to the paragraphs (or, on long pages, the sections) that contain the words: the ones with
  // the most of the query's words first (外国人 相談: the paragraph with both), then in the page's order.
  const each = groups.map((g) => occurrences(page, g));
  const candidates = [];
  const seen = new Set();
  for (const o of body) {
    const anchor = [...page.anchors].reverse().find((x) => x.start <= o.start && x.element !== 'h1');
    if (!anchor || seen.has(anchor.id)) continue;
    const heading = /^h\d$/.test(anchor.element);
    if (heading && !LONG_KINDS.has(meta.kind)) continue;
    seen.add(anchor.id);
    const words = each.filter((os) => os.some((x) => x.start >= anchor.start && x.start < anchor.end)).length;
    // a section whose heading has the words (住民投票 → the 住民投票制度運営事業 section, not 現状と課題 that mentions it)
    const titled = heading && each.some((os) => os.some((x) => x.start >= anchor.start && x.start < anchor.lineEnd)) ? 1 : 0;
    candidates.push({ anchor, occ: o, heading, words, titled });
  }
  const subs = candidates.map((c, i) => [c, i])
    .sort((a, b) => b[0].words - a[0].words || b[0].titled - a[0].titled || a[1] - b[1])
    .slice(0, SUBS).map(([c]) => c);

  if (subs.length) {
    // The title goes straight to the best match (a long page's paragraph is far down); the page's top stays one tap away.
    a.href = `${url}#${encodeURIComponent(subs[0].anchor.id)}`;
    const jump = document.createElement('span');
    jump.className = 'portal-result__jump';
    jump.textContent = '該当箇所へ';
    a.append(' ', jump);
    const top = document.createElement('a');
    top.className = 'portal-result__top';
    top.href = url;
    top.textContent = 'ページの先頭から読む';
    const name = document.createElement('span');
    name.className = 'portal-visually-hidden';
    name.textContent = `：${meta.title || url}`;
    top.append(name);
    const line = document.createElement('p');
    line.className = 'portal-result__topline';
    line.append(top);
    li.append(line);
    const ul = document.createElement('ul');
    ul.className = 'portal-result__subs';
    for (const s of subs) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = `${url}#${encodeURIComponent(s.anchor.id)}`;
      const [start, end] = excerpt(page.text, s.occ, s.anchor.start, s.anchor.end);
      if (s.heading) {
        // a section: its heading is the link, the matching sentence follows (unless the heading is it)
        link.textContent = page.text.slice(s.anchor.start, s.anchor.lineEnd).trim();
        item.append(link);
        if (s.occ.start >= s.anchor.lineEnd) {
          const p = document.createElement('p');
          p.append(...textWithMarks(page.text, start, end, occ));
          item.append(p);
        }
      } else {
        link.append(...textWithMarks(page.text, start, end, occ));
        item.append(link);
      }
      ul.append(item);
    }
    li.append(ul);
  } else if (body.length) {
    const p = document.createElement('p');
    p.className = 'portal-result__excerpt';
    const [start, end] = excerpt(page.text, body[0]);
    p.append(...textWithMarks(page.text, start, end, occ));
    li.append(p);
  } else {
    // only the title matches: the page's first lines say what it is
    const p = document.createElement('p');
    p.className = 'portal-result__excerpt';
    const start = h1 ? h1.lineEnd + 1 : 0;
    const first = { start: Math.min(start, page.text.length), end: Math.min(start, page.text.length) };
    const [s, e] = excerpt(page.text, first);
    p.append(...textWithMarks(page.text, s, e, []));
    if (e > s) li.append(p);
  }
  return li;
}

// ------------------------------------------------------------------ searching

let current = null; // the search being shown: { query, found, next, shown }

async function showMore(fromButton = false) {
  const s = current;
  const { m, index } = await load();
  const items = [];
  // m.SHOW: results shown at once ("さらに表示" shows the next ones), the engine's (it reads that many pages first)
  while (items.length < m.SHOW && s.next < s.found.list.length) {
    const batch = s.found.list.slice(s.next, s.next + m.SHOW - items.length);
    s.next += batch.length;
    const pages = await Promise.all(batch.map((c) => index.page(c.pid)));
    if (s !== current) return;
    for (const page of pages) {
      const need = s.found.partial ? s.found.partial.present : s.found.tokens;
      // a page with the pieces apart (for a result with some of the words: with none of them as a whole)
      if (s.found.partial && s.found.partial.some
        ? !need.some((u) => m.explains([u], page.compact.text)) : !m.explains(need, page.compact.text)) continue;
      items.push(renderResult(withAnchors(page), s.wanted, s.groups));
    }
  }
  s.shown += items.length;
  list.append(...items);
  // "さらに表示" disappears: keyboard and screen reader users continue at the first new result
  if (fromButton && items.length) items[0].querySelector('a').focus();
  const more = document.getElementById('portal-search-more');
  if (more) more.remove();
  if (s.next < s.found.list.length) {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'portal-search-more';
    button.className = 'portal-search-more';
    button.textContent = 'さらに表示';
    button.addEventListener('click', () => { button.disabled = true; showMore(true); });
    list.after(button);
  }
  report(m);
}

function quoted(ws) {
  return ws.map((w) => `「${w}」`).join('');
}

function report(m) {
  const s = current;
  const per = s.found.perToken;
  const typed = per.map((p) => p.token.shown);
  if (!s.shown) {
    const absent = per.filter((p) => !p.pages.size).map((p) => p.token.shown);
    const present = typed.filter((w) => !absent.includes(w));
    let text = `${quoted(typed)}を含むページは見つかりませんでした。言葉を短くするか、別の言葉で検索してください。`;
    if (absent.length && present.length) {
      text = `${quoted(absent)}を含むページは見つかりませんでした（${quoted(present)}はあります）。`;
    } else if (typed.length > 1 && !absent.length) {
      text = `${quoted(typed)}をすべて含むページは見つかりませんでした。言葉をひとつずつ検索できます。`;
    }
    status.textContent = text;
    const way = document.createElement('ul');
    way.id = 'portal-search-more';
    way.className = 'portal-search-way';
    const link = (href, label) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = href;
      a.textContent = label;
      li.append(a);
      way.append(li);
    };
    if (typed.length > 1) for (const w of present) link(`?q=${encodeURIComponent(w)}`, `「${w}」だけで検索`);
    link(new URL('seisaku/', siteRoot).pathname, '基本政策の一覧からさがす');
    list.after(way);
    return;
  }
  const total = s.next >= s.found.list.length ? `${s.shown} 件` : `${s.shown} 件を表示（続きがあります）`;
  // words that no page has as they are: say so, and what is shown instead (a word on no page at all: below)
  const gone = s.found.partial ? new Set(s.found.partial.absent.map((u) => u.token)) : new Set();
  const instead = [];
  const missing = [];
  for (const p of per) {
    if (p.literal || gone.has(p.token)) continue;
    missing.push(p.token.shown);
    if (p.whole.size) {
      const found = new Set(p.token.word.found || []);
      const used = p.token.word.forms.filter((f) => f.how === 'synonym' && found.has(f.text)).map((f) => f.text);
      instead.push(`同じ意味の「${used.join('」「')}」を含むページ`);
    }
    if (p.parts && p.parts.size) {
      // one piece (支え合いたい → 支え合い): the pages with it; the words of a phrase: the pages with them all
      const all = p.token.parts.length > 1 ? 'すべて' : '';
      instead.push(`${quoted(p.token.parts.map((w) => m.partName(w)))}を${all}含むページ`);
    }
  }
  let text = `${quoted(typed)}の検索結果: ${total}`;
  if (missing.length) {
    text = `${quoted(missing)}をそのまま含むページは見つかりませんでした。${instead.length ? `${instead.join('と、')}を表示しています。` : ''}検索結果: ${total}`;
  }
  if (s.found.partial) {
    // no page has every word: say first that nothing matched the query as typed, then what is shown
    const count = `（${s.shown} 件${s.next >= s.found.list.length ? '' : '。続きがあります'}）。`;
    const also = missing.length && instead.length ? `${quoted(missing)}をそのまま含むページはなく、${instead.join('と、')}です。` : '';
    const absent = s.found.partial.absent.map((t) => t.shown);
    const present = s.found.partial.present.map((t) => t.shown);
    if (s.found.partial.some && absent.length) {
      // some words are on no page, and no page has all the others
      text = `${quoted(typed)}をすべて含むページは見つかりませんでした。${quoted(absent)}を含むページはありません。`
        + `${quoted(present)}のうちいくつかを含むページを、多く含む順に表示しています${count}${also}`;
    } else if (s.found.partial.some) {
      // every word is on some page, but none has them all
      text = `${quoted(typed)}をすべて含むページは見つかりませんでした。そのうちいくつかを含むページを、多く含む順に表示しています${count}${also}`;
    } else {
      // some words are on no page
      text = `${quoted(typed)}を${typed.length > 1 ? 'すべて' : ''}含むページは見つかりませんでした。${quoted(absent)}を含むページはありません。`
        + `${quoted(present)}を含むページを表示しています${count}${also}`;
    }
  }
  status.textContent = text;
}

async function run(query) {
  list.replaceChildren();
  const old = document.getElementById('portal-search-more');
  if (old) old.remove();
  query = query.trim();
  current = null;
  if (!query.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '')) { status.textContent = ''; return; }
  status.textContent = '検索しています…';
  let found;
  try {
    const { index } = await load();
    found = await index.search(query);
  } catch (error) {
    status.textContent = '検索できませんでした（索引を読み込めませんでした）。時間をおいて、もう一度お試しください。';
    throw error;
  }
  const wanted = found.tokens.flatMap((t) => [t.word, ...t.parts]).flatMap((w) => w.forms.map((f) => f.text));
  // per word of the query, its forms (a paragraph with more of the words is the better place to land)
  const groups = found.tokens.map((t) => [t.word, ...t.parts].flatMap((w) => w.forms.map((f) => f.text)));
  current = { query, found, wanted, groups, next: 0, shown: 0 };
  await showMore();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, '', `?q=${encodeURIComponent(query)}`);
  run(query);
});

const initial = new URLSearchParams(location.search).get('q');
if (initial) { input.value = initial; run(initial); }
