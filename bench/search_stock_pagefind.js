// The search page's script as it was before the Japanese-search work (commit d80c19b): the query goes
// to pagefind.search() as typed. bench/search_quality.py serves it with a stock Pagefind index as the
// "stock Pagefind" peer. Not used by the site.
// 検索ページ: Pagefind の索引は、読者が検索したときに初めて読み込む。
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

function item(data) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = data.url;
  a.textContent = (data.meta && data.meta.title) || data.url;
  const p = document.createElement('p');
  // The excerpt is text with <mark> around the matches: rebuild it from text nodes only,
  // so nothing in it is ever parsed as live HTML.
  data.excerpt.split(/<\/?mark>/).forEach((part, i) => {
    const text = document.createTextNode(new DOMParser().parseFromString(part, 'text/html').body.textContent);
    if (i % 2) { const mark = document.createElement('mark'); mark.append(text); p.append(mark); } else { p.append(text); }
  });
  li.append(a, p);
  return li;
}

async function run(query) {
  list.replaceChildren();
  query = query.trim();
  if (!query) { status.textContent = ''; return; }
  status.textContent = '検索しています…';
  const pf = await engine();
  const found = await pf.search(query);
  const results = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  list.replaceChildren(...results.map(item));
  status.textContent = results.length
    ? `「${query}」の検索結果: ${found.results.length} 件${found.results.length > 20 ? '（上位 20 件を表示）' : ''}`
    : `「${query}」に一致するページは見つかりませんでした。`;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, '', `?q=${encodeURIComponent(query)}`);
  run(query);
});

const initial = new URLSearchParams(location.search).get('q');
if (initial) { input.value = initial; run(initial); }
