// The built site's style sheets, cut to what its pages use, and its scripts minified (run by `portal build` after MkDocs,
// before the search index, on the temporary site; see generator/slimcss.py).
//
//   node generator/slim_css.mjs SITE_DIR NODE_MODULES_DIR
//
// 1. Reads every page (*.html) and every script of the site (*.js, except Material's own bundle,
//    which the site never loads, and Pagefind's). From a page it keeps only its markup: each tag's
//    name, attribute names, attribute values whole (so `a[href^="tel:"]` finds "tel:…") and split
//    at spaces (class lists), and the words in it; from a script every word and every quoted
//    string, so a class that JavaScript adds (drawer.js, search.js) is kept without a hand-kept list.
// 2. Joins the style sheets each page links, in their order (Material's main and palette CSS and
//    the project's extra_css), and removes with PurgeCSS every rule, custom property, @keyframes and
//    @font-face that nothing uses; lightningcss then minifies it.
// 3. Writes it as assets/stylesheets/site.<hash>.min.css (the hash of its bytes: a changed sheet gets
//    a new URL), points every page at it with one <link> in place of several, and removes the sheets
//    it replaced (no page links them any more).
// 4. Minifies the site's own scripts (every *.js but Material's bundle and the search index's data)
//    in place with terser: whitespace, comments and local names go; top-level and exported names
//    stay (no `toplevel`, no `module`), so a module's exports and a script's globals still work.
//    The words for step 1 are read before this, from the scripts as written.
// Same site in, same bytes out. Prints one line of JSON: what it did.

import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [site, modules] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), 'noop.js'));
const { PurgeCSS } = require('purgecss');
const lightningcss = require('lightningcss');
const { minify } = require('terser');

// Browsers the minified CSS must still work in: lightningcss writes no newer syntax than these
// understand (e.g. min-width/max-width media queries, not the range syntax Safari reads from 16.4).
const v = (major, minor = 0) => (major << 16) | (minor << 8);
const TARGETS = { safari: v(13), ios_saf: v(13), chrome: v(80), edge: v(80), firefox: v(78), samsung: v(12), android: v(80) };
const SKIP_DIRS = new Set(['pagefind', 'search-index']);
const MATERIAL_JS = 'assets/javascripts/';
const WORDS = /[A-Za-z0-9_-]+/g; // PurgeCSS's default extractor
const TAG = /<([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTR = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const QUOTED = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g;

function walk(dir, rel = '') {
  const out = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = fs.statSync(path.join(dir, name));
    if (st.isDirectory()) { if (!(rel === '' && SKIP_DIRS.has(name))) out.push(...walk(path.join(dir, name), r)); } else out.push(r);
  }
  return out;
}

function attrs(body) {
  const out = [];
  for (const m of body.matchAll(ATTR)) out.push([m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? null]);
  return out;
}

const files = walk(site);
const tokens = new Set();
const add = (t) => { if (t) tokens.add(t); };
const addWords = (text) => { for (const w of text.match(WORDS) || []) tokens.add(w); };

// page -> [{start, end, sheet}] for its <link rel="stylesheet"> tags of local files
const pages = new Map();
const seenTags = new Set();
for (const rel of files.filter((f) => f.endsWith('.html'))) {
  const html = fs.readFileSync(path.join(site, rel), 'utf8');
  const links = [];
  for (const m of html.matchAll(TAG)) {
    const tag = m[0];
    if (m[1].toLowerCase() === 'link') {
      const a = Object.fromEntries(attrs(m[2]));
      const href = a.href;
      if (a.rel && a.rel.toLowerCase().split(/\s+/).includes('stylesheet') && href && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) {
        const sheet = path.posix.normalize(path.posix.join(path.posix.dirname(rel), href.split(/[?#]/)[0]));
        if (!sheet.startsWith('..') && fs.existsSync(path.join(site, sheet))) links.push({ start: m.index, end: m.index + tag.length, sheet });
      }
    }
    if (seenTags.has(tag)) continue;
    seenTags.add(tag);
    add(m[1].toLowerCase());
    for (const [name, value] of attrs(m[2])) {
      add(name);
      if (value !== null) { add(value); value.split(/\s+/).forEach(add); }
    }
    addWords(tag);
  }
  if (links.length) pages.set(rel, links);
}
for (const rel of files.filter((f) => f.endsWith('.js') && !f.startsWith(MATERIAL_JS))) {
  const js = fs.readFileSync(path.join(site, rel), 'utf8');
  addWords(js);
  for (const m of js.matchAll(QUOTED)) { const s = m[1] ?? m[2] ?? m[3]; add(s); s.split(/\s+/).forEach(add); }
}

// one bundle per distinct list of sheets (normally one for the whole site)
const bundles = new Map();
for (const links of pages.values()) {
  const key = links.map((l) => l.sheet).join('\n');
  if (!bundles.has(key)) bundles.set(key, null);
}
const content = [{ raw: [...tokens].sort().join('\n'), extension: 'tokens' }];
const report = { pages: pages.size, tokens: tokens.size, bundles: [] };
const replaced = new Set();
for (const key of bundles.keys()) {
  const sheets = key.split('\n');
  const css = sheets.map((s) => fs.readFileSync(path.join(site, s), 'utf8').replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '')).join('\n');
  const [purged] = await new PurgeCSS().purge({
    content,
    css: [{ raw: css }],
    extractors: [{ extractor: (c) => c.split('\n'), extensions: ['tokens'] }],
    variables: true,
    keyframes: true,
    fontFace: true,
    // A selector made only of pseudo-classes (`:focus-visible`, `:target`, `::selection`) matches
    // whatever the markup is, but PurgeCSS finds nothing of it in the pages and would drop it — with
    // it the site's focus ring. Marking every pseudo-class as present keeps those; a selector that
    // also names a class, id, tag or attribute still needs that to be on some page.
    safelist: { standard: [/^:/] },
  });
  const { code } = lightningcss.transform({ filename: 'site.css', code: Buffer.from(purged.css), minify: true, targets: TARGETS });
  const hash = crypto.createHash('sha256').update(code).digest('hex').slice(0, 8);
  const out = `assets/stylesheets/site.${hash}.min.css`;
  fs.mkdirSync(path.join(site, path.dirname(out)), { recursive: true });
  fs.writeFileSync(path.join(site, out), code);
  bundles.set(key, out);
  sheets.forEach((s) => replaced.add(s));
  report.bundles.push({ file: out, sheets, before: Buffer.byteLength(css), after: code.length });
}

let rewritten = 0;
for (const [rel, links] of pages) {
  const out = bundles.get(links.map((l) => l.sheet).join('\n'));
  const file = path.join(site, rel);
  const html = fs.readFileSync(file, 'utf8');
  const href = path.posix.relative(path.posix.dirname(rel), out);
  let text = '';
  let at = 0;
  links.forEach((l, i) => {
    let start = l.start;
    if (i > 0) { // a removed <link>: its line goes too, when the tag was alone on it
      const line = html.lastIndexOf('\n', start - 1);
      if (line >= at && /^[ \t]*$/.test(html.slice(line + 1, start)) && /^[ \t]*(\n|$)/.test(html.slice(l.end, l.end + 200))) start = line;
    }
    text += html.slice(at, start) + (i === 0 ? `<link rel="stylesheet" href="${href}">` : '');
    at = l.end;
  });
  text += html.slice(at);
  fs.writeFileSync(file, text);
  rewritten += 1;
}
for (const s of replaced) {
  for (const f of [s, `${s}.map`]) fs.rmSync(path.join(site, f), { force: true });
}
report.rewritten = rewritten;

report.scripts = [];
for (const rel of files.filter((f) => f.endsWith('.js') && !f.startsWith(MATERIAL_JS))) {
  const file = path.join(site, rel);
  const js = fs.readFileSync(file, 'utf8');
  const { code } = await minify(js, { compress: true, mangle: true, format: { comments: false } });
  fs.writeFileSync(file, code);
  report.scripts.push({ file: rel, before: Buffer.byteLength(js), after: Buffer.byteLength(code) });
}
console.log(JSON.stringify(report));
