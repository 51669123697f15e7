// The search page of main before branch search2 (Pagefind over a bigram-encoded copy of each page, bench/pagefind_bigrams.py).
// bench/search_quality.py serves it as the "Pagefind + bigrams" peer. Not used by the site.
// 検索ページ。Pagefind の索引は、読者が検索したときに初めて読み込む。
//
// 日本語の区切り方を索引と揃える: generator/search_index.py は、日本語の文字の並び（漢字・かな）を
// 1 文字ずつ「その文字と次の文字」（2-gram）の語にして索引に入れる。ここでは読者の言葉を同じ語に
// してから Pagefind に渡し、見つかったページの本文に言葉がそのまま含まれることを確かめてから表示する
// （含まれないページは出さない）。抜粋と段落へのリンクは、索引に入っている本文を日本語に戻して作る。
// keep in step with generator/search_index.py: isRunChar, foldWidth, tokens/terms, decode, SEP, BLOCK, TOKEN.

const SEP = '\u2e31';
const BLOCK = '\u2e2c';
const TOKEN = /^x(?:[0-9a-f]{4})+$/;
const SHOW = 10; // results shown at once ("さらに表示" shows the next ones)
const CONTEXT = 40; // characters of context on each side of the match in an excerpt
const SUBS = 3; // links to paragraphs per page at most

// Everyday words → the words the pages use (reviewed list; bench/search_quality.py measures it).
// A page that contains the reader's word or one of these is a match.
const SYNONYMS = {
  お悔やみ: ['おくやみ'],
  お悔み: ['おくやみ'],
  亡くなった: ['おくやみ', '亡くなり'],
  引っ越し: ['転出入'],
  引越し: ['転出入'],
  引越: ['転出入'],
  スマホ: ['スマートフォン'],
  地震: ['耐震'],
};

// Kinds whose long pages get links to the paragraph that matches, even from headings.
const LONG_KINDS = new Set(['施政方針', '推進プラン', '基本政策']);

const form = document.getElementById('portal-search');
const input = document.getElementById('q');
const status = document.getElementById('portal-search-status');
const list = document.getElementById('portal-search-results');
const me = document.querySelector('script[data-pagefind]');
let pagefind = null;

async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL(me.dataset.pagefind, document.baseURI).href);
    await pagefind.options({ baseUrl: new URL(me.dataset.base || './', document.baseURI).pathname });
  }
  return pagefind;
}

// ------------------------------------------------------------------ words → index terms

function isRunChar(ch) {
  const o = ch.codePointAt(0);
  return (o >= 0x3041 && o <= 0x3096) || (o >= 0x309d && o <= 0x309f) || (o >= 0x30a1 && o <= 0x30fa) ||
    (o >= 0x30fc && o <= 0x30ff) || o === 0x3005 || o === 0x3006 || o === 0x3007 ||
    (o >= 0x3400 && o <= 0x4dbf) || (o >= 0x4e00 && o <= 0x9fff) || (o >= 0xf900 && o <= 0xfaff);
}

function foldWidth(ch) {
  const o = ch.codePointAt(0);
  return (o >= 0xff10 && o <= 0xff19) || (o >= 0xff21 && o <= 0xff3a) || (o >= 0xff41 && o <= 0xff5a)
    ? String.fromCharCode(o - 0xfee0) : ch;
}

function normChar(ch) {
  const n = foldWidth(ch).normalize('NFKC');
  return [...n].length === 1 ? n : ch;
}

const hex = (ch) => ch.codePointAt(0).toString(16).padStart(4, '0');

// Where in a run of Japanese letters its index terms start: every other character and the last
// pair (a page that contains the run contains all of them), at most RUN_TERMS of them (each term
// can cost an index file; adjacency and the text check make up for the ones left out).
const RUN_TERMS = 4;
function runOffsets(length) {
  if (length === 1) return [0];
  let offsets = [];
  for (let i = 0; i < length - 1; i += 2) offsets.push(i);
  if (offsets[offsets.length - 1] !== length - 2) offsets.push(length - 2);
  if (offsets.length > RUN_TERMS) {
    const last = length - 2;
    offsets = [...new Set(Array.from({ length: RUN_TERMS }, (_, i) => Math.round((i * last) / (RUN_TERMS - 1))))];
  }
  return offsets;
}

// A word as Pagefind terms: runs of Japanese letters as bigram terms (one letter alone matches every
// bigram that starts with it), the rest (Latin letters, digits) as it is (Pagefind splits and lower-
// cases it the way it indexed it). chains: for each run, the offsets of its terms.
function terms(word) {
  const out = [];
  const chains = [];
  let run = [];
  let plain = '';
  const flush = () => {
    if (run.length) {
      const offsets = runOffsets(run.length);
      out.push(...offsets.map((i) => (run.length === 1 ? `x${hex(run[0])}` : `x${hex(run[i])}${hex(run[i + 1])}`)));
      if (offsets.length > 1) chains.push(offsets);
    }
    if (plain.trim()) out.push(plain.trim());
    run = [];
    plain = '';
  };
  for (const raw of word) {
    const ch = normChar(raw);
    if (isRunChar(ch)) {
      if (plain) flush();
      run.push(ch);
    } else if (ch === '・') {
      // left out, as the index leaves it out of its bigrams
    } else {
      if (run.length) flush();
      plain += ch;
    }
  }
  flush();
  return { terms: out, chains };
}

// Every character of a run takes two of Pagefind's word positions (the token and the separator
// after it, see generator/search_index.py), so a page that has the run has its terms at positions
// 2 × (offset) apart. words: the positions where any term of the query matched.
function adjacent(words, offsets) {
  const at = new Set(words);
  return words.some((start) => offsets.every((o) => at.has(start + 2 * (o - offsets[0]))));
}

// Text as compared: NFKC, lower case, without white space and ・ (グリーン・リカバリー = グリーンリカバリー).
function compact(text) {
  const chars = [];
  const at = [];
  let i = 0;
  for (const ch of text) {
    for (const c of foldWidth(ch).normalize('NFKC').toLowerCase()) {
      if (!/[\s・]/u.test(c)) { chars.push(c); at.push(i); }
    }
    i += ch.length;
  }
  return { text: chars.join(''), at };
}

// The reader's query as words (split at spaces; punctuation around a word is dropped).
function words(query) {
  return query.normalize('NFKC').split(/\s+/u)
    .map((w) => w.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, ''))
    .filter((w) => compact(w).text);
}

// ------------------------------------------------------------------ index text → Japanese

// The page's text as the reader saw it, one line per block (paragraph, list item, heading …),
// with the text offset of every element that has an id (Pagefind's anchors).
function decodePage(data) {
  const raw = (data.raw_content || '').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const segments = raw.split('\u200b');
  const starts = new Array(segments.length);
  let text = '';
  segments.forEach((seg, i) => {
    const core = seg.trim();
    if (TOKEN.test(core)) {
      starts[i] = text.length;
      text += String.fromCodePoint(parseInt(core.slice(1, 5), 16));
    } else {
      let piece = core.split(SEP).join('').split(BLOCK).join('\n');
      if (piece.startsWith('\n') && (!text || text.endsWith('\n'))) piece = piece.replace(/^\n+/, '');
      if (piece.startsWith('\n')) text = text.replace(/ +$/, '');
      starts[i] = text.length;
      text += piece;
    }
    if (/\s$/u.test(seg) && core && !text.endsWith('\n')) text += ' ';
  });
  const offsetOf = (location) => (location < starts.length ? starts[location] : text.length);
  const anchors = (data.anchors || [])
    .filter((a) => a.id)
    .map((a) => ({ id: a.id, element: a.element, start: offsetOf(a.location) }))
    .sort((a, b) => a.start - b.start);
  anchors.forEach((a, i) => {
    a.end = i + 1 < anchors.length ? anchors[i + 1].start : text.length;
    const line = text.indexOf('\n', a.start);
    a.lineEnd = line >= 0 && line < a.end ? line : a.end; // the element's own first block
  });
  return { text, anchors, compact: compact(text) };
}

// Where the wanted words occur in the page text: [{start, end}] in text offsets.
function occurrences(page, wanted) {
  const found = [];
  for (const w of wanted) {
    const c = compact(w).text;
    if (!c) continue;
    let i = page.compact.text.indexOf(c);
    while (i >= 0) {
      found.push({ start: page.compact.at[i], end: page.compact.at[i + c.length - 1] + 1 });
      i = page.compact.text.indexOf(c, i + c.length);
    }
  }
  return found.sort((a, b) => a.start - b.start);
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

function renderResult(data, page, wanted) {
  const meta = data.meta || {};
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
  a.href = data.url;
  a.textContent = meta.title || data.url;
  li.append(a);
  if (info.childNodes.length) li.append(info);

  // The h1 is the page's title: matches in it need no excerpt.
  const h1 = page.anchors.find((x) => x.element === 'h1');
  const body = occ.filter((o) => !h1 || o.start >= h1.lineEnd || o.end <= h1.start);

  // Links straight to the paragraphs (or, on long pages, the sections) that contain the words.
  const subs = [];
  const seen = new Set();
  for (const o of body) {
    const anchor = [...page.anchors].reverse().find((x) => x.start <= o.start && x.element !== 'h1');
    if (!anchor || seen.has(anchor.id)) continue;
    const heading = /^h\d$/.test(anchor.element);
    if (heading && !LONG_KINDS.has(meta.kind)) continue;
    seen.add(anchor.id);
    subs.push({ anchor, occ: o, heading });
    if (subs.length >= SUBS) break;
  }

  if (subs.length) {
    const ul = document.createElement('ul');
    ul.className = 'portal-result__subs';
    for (const s of subs) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = `${data.url}#${encodeURIComponent(s.anchor.id)}`;
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

// Pages (Pagefind results) that contain every term of one word; [] when a term is in no page.
async function candidatesFor(pf, word) {
  const { terms: ts, chains } = terms(word);
  if (!ts.length) return [];
  // Pagefind leaves out a term it does not know and matches the rest: ask for each bigram exactly.
  const exact = await Promise.all(ts.filter((t) => /^x[0-9a-f]{8}$/.test(t)).map((t) => pf.search(`"${t}"`)));
  if (exact.some((r) => !r.results.length)) return [];
  // Pages that have every term, with the terms of each run next to each other (no page is
  // downloaded to find that out: at 10,000 事業, 自治会館 has both 自治 and 会館 on 1,150 pages).
  return (await pf.search(ts.join(' '))).results.filter((r) => chains.every((c) => adjacent(r.words, c)));
}

// For each of the reader's words: the pages that contain it or one of its synonyms (best score);
// then the pages that have all the words, best summed score first.
async function candidates(pf, query) {
  const ws = words(query);
  const perWord = await Promise.all(ws.map(async (w) => {
    const alternatives = [w, ...(SYNONYMS[compact(w).text] || [])];
    const scores = new Map();
    let literal = false;
    for (const [i, alt] of alternatives.entries()) {
      for (const r of await candidatesFor(pf, alt)) {
        if (i === 0) literal = true;
        const best = scores.get(r.id);
        if (!best || r.score > best.score) scores.set(r.id, { score: r.score, result: r });
      }
    }
    return { word: w, alternatives, scores, literal };
  }));
  if (!perWord.length) return { ws, perWord, list: [] };
  const [first, ...rest] = perWord;
  const list = [];
  for (const [id, { score, result }] of first.scores) {
    let total = score;
    if (rest.every((p) => p.scores.has(id))) {
      for (const p of rest) total += p.scores.get(id).score;
      list.push({ id, score: total, result });
    }
  }
  list.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return { ws, perWord, list };
}

let current = null; // the search being shown: { query, perWord, list, next, shown }

function matches(page, perWord) {
  // every word (or one of its synonyms) is in the page's text, as it is
  return perWord.every((p) => p.alternatives.some((alt) => page.compact.text.includes(compact(alt).text)));
}

async function showMore(fromButton = false) {
  const s = current;
  const items = [];
  while (items.length < SHOW && s.next < s.list.length) {
    const batch = s.list.slice(s.next, s.next + SHOW - items.length);
    s.next += batch.length;
    const datas = await Promise.all(batch.map((c) => c.result.data()));
    if (s !== current) return;
    for (const data of datas) {
      const page = decodePage(data);
      if (!matches(page, s.perWord)) { s.dropped += 1; continue; }
      items.push(renderResult(data, page, s.perWord.flatMap((p) => p.alternatives)));
    }
  }
  s.shown += items.length;
  list.append(...items);
  // "さらに表示" disappears: keyboard and screen reader users continue at the first new result
  if (fromButton && items.length) items[0].querySelector('a').focus();
  const more = document.getElementById('portal-search-more');
  if (more) more.remove();
  if (s.next < s.list.length) {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'portal-search-more';
    button.className = 'portal-search-more';
    button.textContent = 'さらに表示';
    button.addEventListener('click', () => { button.disabled = true; showMore(true); });
    list.after(button);
  }
  report();
}

function quoted(ws) {
  return ws.map((w) => `「${w}」`).join('');
}

function report() {
  const s = current;
  const missing = s.perWord.filter((p) => !p.literal).map((p) => p.word);
  const used = s.perWord.filter((p) => !p.literal && p.scores.size).map((p) => p.alternatives.slice(1).join('・'));
  if (!s.shown) {
    const absent = s.perWord.filter((p) => !p.scores.size).map((p) => p.word);
    const present = s.ws.filter((w) => !absent.includes(w));
    let text = `${quoted(s.ws)}を含むページは見つかりませんでした。言葉を短くするか、別の言葉で検索してください。`;
    if (absent.length && present.length) {
      text = `${quoted(absent)}を含むページは見つかりませんでした（${quoted(present)}はあります）。`;
    } else if (s.ws.length > 1 && !absent.length) {
      text = `${quoted(s.ws)}をすべて含むページは見つかりませんでした。言葉をひとつずつ検索できます。`;
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
    if (s.ws.length > 1) for (const w of present) link(`?q=${encodeURIComponent(w)}`, `「${w}」だけで検索`);
    link(new URL(`${me.dataset.base || './'}seisaku/`, document.baseURI).pathname, '基本政策の一覧からさがす');
    list.after(way);
    return;
  }
  const total = s.next >= s.list.length ? `${s.shown} 件` : `${s.shown} 件を表示（続きがあります）`;
  let text = `${quoted(s.ws)}の検索結果: ${total}`;
  if (missing.length) {
    text = `${quoted(missing)}を含むページは見つかりませんでした。${used.length ? `同じ意味の「${used.join('」「')}」を含むページを表示しています。` : ''}検索結果: ${total}`;
  }
  status.textContent = text;
}

async function run(query) {
  list.replaceChildren();
  const old = document.getElementById('portal-search-more');
  if (old) old.remove();
  query = query.trim();
  current = null;
  if (!words(query).length) { status.textContent = ''; return; }
  status.textContent = '検索しています…';
  const pf = await engine();
  const found = await candidates(pf, query);
  current = { query, ws: found.ws, perWord: found.perWord, list: found.list, next: 0, shown: 0, dropped: 0 };
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
