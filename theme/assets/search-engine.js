// 検索エンジン: generator/search_index.py が作った索引（search-index/）を読む。検索ページ（search.js）が、
// 読者が最初に検索したときに読み込む（それまでは索引も、このファイルも読み込まない）。
//
// 索引と検索で、言葉の切り方は同じ（1・2・3 文字の切れ端。generator/search_text.py）。読者の言葉に要る
// 切れ端の入った小さなファイル（シャード）だけを読み、切れ端をすべて持つページを点数の順に並べる。
// ページの本文（p/<番号>.bin）は、表示する結果の分だけ読み、言葉がそのまま含まれることを確かめる。
// keep in step with generator/search_text.py (compact, runs, queryKeys, variants, splitPhrase, wordForms,
// queryWords, explains) and generator/search_index.py (file formats, shardOf).

// ------------------------------------------------------------------ text as compared

const DROP = /[\s\u30fb\ufeff]/u;

// Text as compared: NFKC, lower case, without white space and ・. at[i]: where compacted character i
// comes from in the text (UTF-16 index), for marks in excerpts.
export function compactWithMap(text) {
  const chars = [];
  const at = [];
  let i = 0;
  for (const ch of text) {
    for (const c of ch.normalize('NFKC').toLowerCase()) {
      if (!DROP.test(c)) {
        chars.push(c);
        at.push(i);
      }
    }
    i += ch.length;
  }
  return { text: chars.join(''), at };
}

export function compact(text) {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\u30fb\ufeff]/gu, '');
}

// ------------------------------------------------------------------ notation (表記ゆれ)
// One notation for a compacted text (normalize_map in search_text.py: 送り仮名 of kanji+kana+kanji+kana word
// forms dropped, ヴァ → バ, ウィ → ウイ, a dash after katakana → ー, 﨑 → 崎). cs: the text's characters.
// Returns [[character, index in cs]].

const O1 = new Set('いきぎしじちひびみりえけげせぜてねべめれっ');
const O2 = new Set('いきぎしじちひびみりえけげせぜねべめれ');
const PARTICLE = new Set('のがをにはとでもやへ');
const VU = { ァ: 'バ', ィ: 'ビ', ェ: 'ベ', ォ: 'ボ' };
const WI = { ィ: 'イ', ェ: 'エ', ォ: 'オ' };
const DASHES = new Set('-\u2010\u2011\u2012\u2013\u2014\u2015\u2212');
const KANJI_VARIANTS = { 﨑: '崎', 嵜: '崎', 髙: '高' };
const isKanji = (ch) => (ch >= '\u3400' && ch <= '\u4dbf') || (ch >= '\u4e00' && ch <= '\u9fff')
  || (ch >= '\uf900' && ch <= '\ufaff') || ch === '々';
const isHira = (ch) => ch >= '\u3041' && ch <= '\u309f';
const isKatakana = (ch) => (ch >= '\u30a1' && ch <= '\u30fa') || ch === 'ー';

function tail(cs, j, kanjiAfter) {
  const n = cs.length;
  let length;
  if (j < n && cs[j] === 'わ' && j + 1 < n && O2.has(cs[j + 1])) length = 2;
  else if (j < n && O2.has(cs[j])) length = 1;
  else return 0;
  const after = j + length;
  if (after === n || PARTICLE.has(cs[after])) return length;
  if (isHira(cs[after]) || (isKanji(cs[after]) && !kanjiAfter)) return 0;
  return length;
}

export function normalizeMap(cs) {
  const n = cs.length;
  const drop = new Set();
  for (let i = 1; i < n - 2; i += 1) {
    if (O1.has(cs[i]) && isKanji(cs[i - 1]) && isKanji(cs[i + 1]) && !drop.has(i)) {
      const length = tail(cs, i + 2, true);
      if (length) {
        drop.add(i);
        for (let k = i + 2; k < i + 2 + length; k += 1) drop.add(k);
      }
    }
  }
  for (let i = 2; i < n; i += 1) {
    if (!drop.has(i) && !drop.has(i - 1) && isKanji(cs[i - 2]) && isKanji(cs[i - 1])) {
      const length = tail(cs, i, false);
      for (let k = i; k < i + length; k += 1) drop.add(k);
    }
  }
  const out = [];
  let i = 0;
  while (i < n) {
    let ch = cs[i];
    if (drop.has(i)) {
      i += 1;
      continue;
    }
    const next = i + 1 < n ? cs[i + 1] : '';
    if (ch === 'ヴ' && Object.hasOwn(VU, next)) {
      out.push([VU[next], i]);
      i += 2;
      continue;
    }
    if (ch === 'ヴ') ch = 'ブ';
    else if (Object.hasOwn(WI, ch) && i > 0 && cs[i - 1] === 'ウ') ch = WI[ch];
    else if (DASHES.has(ch) && out.length && isKatakana(out[out.length - 1][0])) ch = 'ー';
    out.push([Object.hasOwn(KANJI_VARIANTS, ch) ? KANJI_VARIANTS[ch] : ch, i]);
    i += 1;
  }
  return out;
}

export function normalize(compacted) {
  return normalizeMap([...compacted]).map(([ch]) => ch).join('');
}

// A page's compacted text as written and, after a line break (never in a word), in one notation, with the
// map of both to the text (compactWithMap): the browser looks for the reader's words in both.
export function bothWithMap(text) {
  const c = compactWithMap(text);
  const cs = [...c.text];
  const one = normalizeMap(cs);
  const norm = one.map(([ch]) => ch).join('');
  if (norm === c.text) return c;
  return { text: `${c.text}\n${norm}`, at: [...c.at, c.at[c.at.length - 1] ?? 0, ...one.map(([, k]) => c.at[k])] };
}

const RUN = /[\p{L}\p{N}]+/gu;

export function runs(compacted) {
  return compacted.match(RUN) || [];
}

// The keys a page that contains the word must have (see query_keys in search_text.py).
export function queryKeys(word) {
  const out = [];
  for (const run of runs(word)) {
    const cs = [...run];
    const n = cs.length;
    if (n <= 3) {
      out.push(run);
      continue;
    }
    const starts = [];
    for (let i = 0; i < n - 2; i += 2) starts.push(i);
    if (starts[starts.length - 1] !== n - 3) starts.push(n - 3);
    for (const i of starts) out.push(cs.slice(i, i + 3).join(''));
  }
  return [...new Set(out)];
}

// ------------------------------------------------------------------ the reader's words

const HIRAGANA = /^[\u3041-\u3096\u309d\u309e\u30fc]+$/u;
const KATAKANA = /^[\u30a1-\u30fa\u30fc-\u30fe]+$/u;
const KANA = /[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe]/u; // a query with one of these may need the readings
const kanaOnly = (w) => /^[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe]+$/u.test(w); // a word the readings may find
const KE = /(?<=[\u4e00-\u9fff])[ヶケがヵかカ](?=[\u4e00-\u9fff])/gu;
// 作り after another letter is read づくり and written both ways (健康作り = 健康づくり): see variants in search_text.py
const ZUKURI = /(?<=.)(?:作り|づくり)/gu;

const kata = (w) => [...w].map((c) => ((c >= '\u3041' && c <= '\u3096') || c === '\u309d' || c === '\u309e'
  ? String.fromCharCode(c.charCodeAt(0) + 0x60) : c)).join('');
const hira = (w) => [...w].map((c) => ((c >= '\u30a1' && c <= '\u30f6') || c === '\u30fd' || c === '\u30fe'
  ? String.fromCharCode(c.charCodeAt(0) - 0x60) : c)).join('');

// A word of four kanji with の in the middle (機能強化 → 機能の強化: variants), or null.
function withNo(word) {
  const cs = [...word];
  return cs.length === 4 && cs.every(isKanji) ? `${cs[0]}${cs[1]}の${cs[2]}${cs[3]}` : null;
}

export function variants(word) {
  const out = [];
  const n = [...word].length;
  if (HIRAGANA.test(word) && n >= 2) out.push(kata(word));
  if (KATAKANA.test(word)) {
    if (n >= 3 && n <= 4 && !word.includes('ー')) out.push(hira(word));
    if (n >= 4 && word.endsWith('ー')) out.push(word.slice(0, -1));
  }
  if (new RegExp(KE.source, 'u').test(word)) {
    for (const ke of 'ヶケがヵかカ') out.push(word.replace(KE, ke));
  }
  if (new RegExp(ZUKURI.source, 'u').test(word)) out.push(word.replace(ZUKURI, (z) => (z === '作り' ? 'づくり' : '作り')));
  const no = withNo(word);
  if (no) out.push(no); // 機能強化 → 機能の強化
  return [...new Set(out)].filter((v) => v !== word);
}

const PARTICLES = ['について', 'に関する', 'に関して', 'における', 'のための', 'ための', 'による', 'として', 'から', 'まで',
  'より', 'への', 'での', 'との', 'には', 'では', 'とは', 'のに', 'のは', 'って', 'の', 'で', 'を', 'に', 'が', 'は', 'へ', 'と', 'や', 'も'];
const WEAK = new Set(['が', 'は', 'へ', 'と', 'や', 'も']);
// the endings of する: only after a letter that is not hiragana (申請したい; 増やしたい → 増やし: SURU in search_text.py)
const SURU = ['したいです', 'したい', 'したら', 'しました', 'します', 'した', 'する', 'して', 'すればいい', 'すれば',
  'してくれる', 'してくれない', 'してもらえる', 'してもらえない', 'してもらいたい'];
const ENDINGS = [...SURU, 'できる', 'ですか', 'ますか', 'とき', 'こと', 'ところ', 'がほしい', 'ほしい', 'ため', 'ばかり', '方法', 'やり方',
  '仕方', 'かわからない', 'がわからない', 'かわかりません', 'がわかりません', 'ある', 'あります', '見たい', '知りたい', '調べたい', 'よう'];
// a verb's wish or polite form → its stem (伝えたい → 伝え: _stem in search_text.py)
const INFLECTIONS = ['たいのですが', 'たいんですが', 'たいです', 'たかった', 'たくない', 'ましたか', 'ました', 'ませんか', 'ません',
  'ましょう', 'ます', 'たい', 'にくい', 'づらい', 'やすい'];
// adverbs left out of a phrase wherever they stand (地域でずっと暮らしたい → 地域, 暮らし: FILLERS in search_text.py)
const FILLERS = ['いつまでも', 'できるだけ', 'どうしても', 'なんでも', '何でも', 'なるべく', 'なんとか', 'ちょっと', 'ずっと',
  'もっと', 'きっと', 'やっと', 'すごく', 'とても', 'いつも', 'しっかり', 'きちんと'];
// hiragana pieces that only say that something is, is not or is wanted: left out, and before a noun (ある街 → 街)
const FUNCTION_WORDS = ['ない', 'いない', 'ある', 'あります', 'いる', 'います', 'なる', 'する', 'しない', 'ほしい', 'いい', 'よい',
  'です', 'やりたい', 'いけない', 'くれない', 'もらえない', 'わからない', '分からない', 'わかりません', 'どこ', 'どう', 'いつ', 'だれ',
  'なに', 'とき', 'こと', 'したい', 'したいです', 'します', 'しました', 'どんな', 'なぜ', 'どうして', 'うち', 'なったら',
  '知りたい', '見たい', '調べたい', '教えて', '教えてほしい', 'いなくて', 'なくて', 'よくしたい', 'よくして', 'よくする'];
// (not できない: FUNCTION_WORDS in search_text.py)
const QUESTION_KANJI = ['何', '誰'];
// what a piece of hiragana left out as function words only may be made of (onlyFunction: _FUNCTION_PIECES)
const FUNCTION_PIECES = [...new Set([...FUNCTION_WORDS, ...ENDINGS, ...PARTICLES])]
  .filter((w) => [...w].every(isHira))
  .sort((a, b) => [...b].length - [...a].length || (a < b ? -1 : a > b ? 1 : 0));

// Whether a piece of hiragana is only function words, particles and endings one after another (どんなときにする of
// 住民投票ってどんなときにするの): left out of a phrase as a function word is; it starts with one of two letters or more
// (はいる, 入る, is no は + いる: only_function in search_text.py)
export function onlyFunction(piece) {
  const cs = [...piece];
  if (cs.length < 2 || !cs.every(isHira)) return false;
  const ends = new Set([0]);
  for (let i = 0; i < cs.length; i += 1) {
    if (ends.has(i)) for (const w of FUNCTION_PIECES) if (piece.startsWith(w, i) && (i || w.length >= 2)) ends.add(i + w.length);
  }
  return ends.has(cs.length);
}
const STEM_END = new Set('いきぎしじちにひびみりえけげせぜてでねべめれ');
// a verb's て form with what follows it, or its past form (減ってる → 減っ, 引っ越してきた → 引っ越し, 住んだ → 住ん:
// TE_FORMS in search_text.py)
const TE_FORMS = ['ていました', 'ています', 'ている', 'ていた', 'てきました', 'てきた', 'てくる', 'てしまった', 'てほしい',
  'てください', 'てくれる', 'てくれない', 'てもらえる', 'てもらえない', 'てもらいたい', 'てます', 'てる', 'てた', 'てない', 'た', 'て'];
const voiced = (ending) => (ending === 'た' ? 'だ' : `で${ending.slice(1)}`);
const TE_PLAIN = { っ: 'る', ん: 'む' };

// a verb's stem cut from a wish, polite or て form, ending in an い-row kana, っ or ん after a kanji (or after kana
// with a kanji before): its plain form (働き → 働く, 増やし → 増やす, 減っ → 減る; plain_form in search_text.py), or null
const GODAN = { い: 'う', き: 'く', ぎ: 'ぐ', し: 'す', ち: 'つ', に: 'ぬ', び: 'ぶ', み: 'む', り: 'る' };

export function plainForm(s) {
  const cs = [...s];
  const n = cs.length;
  if (n >= 2 && (isKanji(cs[n - 2]) || (isHira(cs[n - 2]) && cs.some(isKanji)))) {
    if (Object.hasOwn(GODAN, cs[n - 1])) return cs.slice(0, -1).join('') + GODAN[cs[n - 1]]; // 増やし → 増やす too
    if (Object.hasOwn(TE_PLAIN, cs[n - 1])) return cs.slice(0, -1).join('') + TE_PLAIN[cs[n - 1]];
  }
  return null;
}

// a stem ending in っ or ん: the noun form of another verb it may be of (話し合っ → 話し合い: other_forms)
const TE_OTHER = { っ: ['い'], ん: ['び'] };
function otherForms(s) {
  const cs = [...s];
  const last = cs[cs.length - 1];
  if (plainForm(s) === null || !Object.hasOwn(TE_OTHER, last)) return [];
  return TE_OTHER[last].map((k) => cs.slice(0, -1).join('') + k);
}

// a causative stem's forms (学ばせ → 学び, 学ぶ; 参加させ → 参加; 食べさせ → 食べ: causative_forms in search_text.py)
const CAUSATIVE = { わ: 'い', か: 'き', が: 'ぎ', た: 'ち', な: 'に', ば: 'び', ま: 'み', ら: 'り' };

export function causativeForms(stem) {
  const cs = [...stem];
  const n = cs.length;
  if (n < 3 || cs[n - 1] !== 'せ') return [];
  const base = cs.slice(0, -2);
  const b = base.join('');
  const last = base[base.length - 1];
  if (cs[n - 2] === 'さ') {
    if (base.length >= 2 && isKanji(last) && isKanji(base[base.length - 2])) return [b];
    if (isKanji(last)) return [`${b}し`, `${b}す`];
    if (isHira(last) && base.some(isKanji)) return [b];
    return [];
  }
  if (Object.hasOwn(CAUSATIVE, cs[n - 2]) && isKanji(last)) {
    const i = CAUSATIVE[cs[n - 2]];
    return [b + i, b + GODAN[i]];
  }
  return [];
}

// what is too much (暑すぎる → 暑い, 働きすぎ → 働き: _too in search_text.py)
const TOO = ['すぎる', 'すぎて', 'すぎた', 'すぎます', 'すぎ'];
// an adjective made to become or be made so (少なくする → 少ない: KU in search_text.py)
const KU = ['くしたい', 'くする', 'くして', 'くした']; // not くなる (亡くなる is a verb)

function too(piece) {
  for (const ending of KU) {
    if (piece.endsWith(ending) && [...piece.slice(0, -ending.length)].some(isKanji)) return `${piece.slice(0, -ending.length)}い`;
  }
  for (const ending of TOO) {
    if (piece.endsWith(ending) && [...piece.slice(0, -ending.length)].some(isKanji)) {
      const rest = piece.slice(0, -ending.length);
      const last = [...rest].pop();
      return isKanji(last) || last === 'な' ? `${rest}い` : rest;
    }
  }
  return piece;
}

// a verb's potential form (助け合える → 助け合う, 助け合い: potential_forms in search_text.py)
const POTENTIAL = { え: ['う', 'い'], け: ['く', 'き'], げ: ['ぐ', 'ぎ'], せ: ['す', 'し'], て: ['つ', 'ち'], ね: ['ぬ', 'に'],
  べ: ['ぶ', 'び'], め: ['む', 'み'], れ: ['る', 'り'] };

function potential(piece) {
  const cs = [...piece];
  const n = cs.length;
  if (n < 3 || cs[n - 1] !== 'る' || !Object.hasOwn(POTENTIAL, cs[n - 2]) || !cs.slice(0, -2).some(isKanji)) return false;
  let k = n - 1;
  while (!isKanji(cs[k])) k -= 1;
  return cs.slice(k + 1).every(isHira);
}

export function potentialForms(piece) {
  if (!potential(piece)) return [];
  const cs = [...piece];
  const ichidan = cs.slice(0, -3);
  const last = ichidan[ichidan.length - 1];
  if (piece.endsWith('られる') && (isKanji(last) || (ichidan.length >= 2 && STEM_END.has(last)))) {
    // an 一段 verb's potential or passive (集められる → 集める, 集め; 借りられる → 借りる): potential_forms in search_text.py
    const b = ichidan.join('');
    return isKanji(last) ? [b + 'る'] : [b + 'る', b];
  }
  const [plain, stemEnd] = POTENTIAL[cs[cs.length - 2]];
  const base = cs.slice(0, -2).join('');
  return [base + plain, base + stemEnd];
}

function stem(piece) {
  for (const ending of TE_FORMS) {
    if (piece.endsWith(ending) || piece.endsWith(voiced(ending))) {
      const s = piece.slice(0, -ending.length);
      const cs = [...s];
      const last = cs[cs.length - 1];
      if (cs.length >= 2 && cs.some(isKanji) && (STEM_END.has(last) || Object.hasOwn(TE_PLAIN, last))) return s;
      break; // 育てます: not a て form; perhaps a polite form
    }
  }
  for (const ending of INFLECTIONS) {
    if (piece.endsWith(ending)) {
      const s = piece.slice(0, -ending.length);
      const cs = [...s];
      if (cs.length >= 2 && cs.some(isKanji) && (isKanji(cs[cs.length - 1]) || STEM_END.has(cs[cs.length - 1]))) return s;
      return piece;
    }
  }
  return piece;
}

const BEING = ['いない', 'いなくて', 'ない', 'なくて', 'ある', 'あって', 'いる', 'いい', 'ほしい'];

// nouns that end in hiragana, after which a particle cuts before hiragana too (子どもにまちづくり: _KANA_END_NOUNS)
const KANA_END_NOUNS = ['子ども', 'こども', 'お年寄り', '暮らし', '住まい', '見守り', '手続き', '取り組み', 'まちづくり'];

function cuts(cs, i, p) {
  const end = i + p.length;
  const afterPlain = end >= cs.length || !isHira(cs[end]);
  if (p === 'を') return true;
  if (p === 'のは') return 'いるた'.includes(cs[i - 1]) && cs.slice(0, i).some(isKanji);
  // 思いやりのある…: の after okurigana before a verb of being (公園のある: after a kanji anyway)
  if (p === 'の' && ['ある', 'ない'].includes(cs.slice(end, end + 2).join('')) && cs.slice(0, i).some(isKanji)) return true;
  if (p === 'に' && ['したい', 'してほしい', 'する', 'して'].some((e) => cs.slice(end, end + e.length).join('') === e)) return true;
  // 分かりにくい: the stem's ending (INFLECTIONS); 相談できる: できる (ENDINGS); not the particle
  if ((p === 'に' && cs[end] === 'く' && cs[end + 1] === 'い') || (p === 'で' && cs[end] === 'き')) return false;
  if (p[0] === 'と' && (cs[i - 1] === 'こ' || cs[i - 1] === 'ご')) return false; // こと, ごと: words (区ごとの → 区ごと)
  const before = cs.slice(0, i).join('');
  // the noun's own last letter (子ども: was 子ど, which 子供 is not)
  if (KANA_END_NOUNS.some((w) => (before + p).endsWith(w))) return false;
  if (KANA_END_NOUNS.some((w) => before.endsWith(w)) && end < cs.length) return true; // 子どもにまちづくり (not 手続きできる)
  // 住民投票ってどんな (colloquial は) after two letters that are not hiragana, before more; not a verb's て form (減って,
  // 見守って, 見守ってほしい, 見守っている: TE_FORMS)
  if (p === 'って') {
    const rest = cs.slice(end).join('');
    return i >= 2 && !isHira(cs[i - 1]) && !isHira(cs[i - 2]) && end < cs.length
      && !TE_FORMS.some((t) => t.startsWith('て') && t.length > 1 && rest.startsWith(t.slice(1)));
  }
  // after the plural suffix たち (自分たちでまち; 私たちできる: できる, above)
  if (i >= 3 && cs[i - 2] === 'た' && cs[i - 1] === 'ち' && cs.slice(0, i - 2).some(isKanji)) return true;
  // が after one kanji before a verb of being (親がいなくて, 何がいい; not 障がい者: _BEING in search_text.py)
  if (p === 'が' && isKanji(cs[i - 1]) && BEING.some((b) => cs.slice(end, end + b.length).join('') === b)) return true;
  // a weak particle also after two kanji or two katakana when two letters or more follow (障害があっても,
  // 市民活動センターはどこ; not 値上がり)
  if (WEAK.has(p)) {
    return afterPlain || (i >= 2 && cs.length - end >= 2
      && ((isKanji(cs[i - 1]) && isKanji(cs[i - 2])) || (isKatakana(cs[i - 1]) && isKatakana(cs[i - 2]))));
  }
  return afterPlain || !isHira(cs[i - 1]);
}

// a verb's plain or past form before a noun ends a word (入る人 → 入る + 人), and a な adjective without its な
// (便利な区役所 → 便利 + 区役所): _clauses in search_text.py
const ATTRIBUTIVE = new Set('るうくすつむぶぬぐた');
// hiragana nouns after a verb (目指すまち, あるまち → まち: KANA_NOUNS in search_text.py)
const KANA_NOUNS = new Set(['まち', 'ひと', 'ばしょ', 'いばしょ', 'しくみ', 'くらし', 'もの']);

// The な of a な adjective before a noun (便利な区役所, インクルーシブな社会, 豊かなまち): as adjectiveNa in search_text.py
function adjectiveNa(cs, start, i) {
  const before = isKanji(cs[i - 1]) || (i - start >= 2 && isKatakana(cs[i - 1]) && isKatakana(cs[i - 2]))
    || (cs[i - 1] === 'か' && cs.slice(start, i - 1).some(isKanji) && (isKanji(cs[i - 2]) || cs[i - 2] === 'や'));
  return before && (isKanji(cs[i + 1]) || isKatakana(cs[i + 1]) || KANA_NOUNS.has(cs.slice(i + 1).join('')));
}

function clauses(whole) {
  let piece = whole;
  for (const w of FUNCTION_WORDS) { // a verb of being before a noun (ある街 → 街)
    if (piece.startsWith(w) && piece.length > w.length
      && (isKanji([...piece][[...w].length]) || KANA_NOUNS.has(piece.slice(w.length)))) {
      piece = piece.slice(w.length);
      break;
    }
  }
  const cs = [...piece];
  const out = [];
  let start = 0;
  for (let i = 1; i < cs.length - 1; i += 1) {
    if (cs[i] === 'な' && i > start && adjectiveNa(cs, start, i)) {
      out.push(cs.slice(start, i).join('')); // a な adjective before a noun (便利な区役所 → 便利 + 区役所)
      start = i + 1;
    } else if (cs[i] === 'て' && isKanji(cs[i + 1]) && (STEM_END.has(cs[i - 1]) || cs[i - 1] === 'っ') && i - start >= 2
      && cs.slice(start, i - 1).some(isKanji)) {
      out.push(cs.slice(start, i + 1).join('')); // a verb's て form before a noun (増えて地域 → 増えて + 地域)
      start = i + 1;
    } else if (ATTRIBUTIVE.has(cs[i]) && isKanji(cs[i + 1])
      && (isKanji(cs[i - 1]) || ('たる'.includes(cs[i]) && cs.slice(start, i).some(isKanji)))) {
      out.push(cs.slice(start, i + 1).join(''));
      start = i + 1;
    } else if ((cs[i] === 'る' && i - start >= 2 && potential(cs.slice(start, i + 1).join('')) && cs.length - i - 1 >= 2
      && cs.slice(i + 1).every(isHira))
      || (ATTRIBUTIVE.has(cs[i]) && KANA_NOUNS.has(cs.slice(i + 1).join('')) && cs.slice(start, i).some(isKanji))) {
      // a potential form before any hiragana noun (暮らせるまち), a verb before one of KANA_NOUNS (目指すまち)
      out.push(cs.slice(start, i + 1).join(''));
      start = i + 1;
    }
  }
  out.push(cs.slice(start).join(''));
  return out;
}

// A compacted word cut at its particles into the words that must all be on a page (split_phrase). said: gets each
// word whose ending was cut (a verb's stem, 移っ) with the piece as the reader typed it (移った), to name it so.
export function splitPhrase(word, stems = null, said = null) {
  const cs = [...word];
  const pieces = [];
  let start = 0;
  let i = 0;
  while (i < cs.length) {
    const filler = FILLERS.find((f) => cs.slice(i, i + [...f].length).join('') === f);
    if (filler) {
      if (i > start) pieces.push(cs.slice(start, i).join(''));
      i += [...filler].length;
      start = i;
      continue;
    }
    let hit = null;
    if (i > start && isHira(cs[i])) {
      for (const p of PARTICLES) {
        if (cs.slice(i, i + p.length).join('') === p) {
          if (cuts(cs, i, p)) hit = p;
          break;
        }
      }
    }
    if (hit) {
      pieces.push(cs.slice(start, i).join(''));
      i += hit.length;
      start = i;
    } else {
      i += 1;
    }
  }
  pieces.push(cs.slice(start).join(''));
  const out = [];
  for (let piece of pieces.flatMap(clauses)) {
    // every ending, the last first (相談できるところ → 相談できる → 相談)
    const ends = (p, e) => {
      const c = [...p];
      return p.endsWith(e) && c.length > e.length + 1 && !(SURU.includes(e) && isHira(c[c.length - e.length - 1]))
        && (e !== 'よう' || c.some(isKanji)); // not りよう, こうよう
    };
    for (let e = ENDINGS.find((x) => ends(piece, x)); e; e = ENDINGS.find((x) => ends(piece, x))) {
      piece = piece.slice(0, -e.length);
    }
    if (FUNCTION_WORDS.includes(piece)) continue; // before its stem is cut (知りたい, not 知り)
    const typed = piece;
    piece = too(piece);
    const s = stem(piece);
    // a past form (one letter cut: た/だ) keeps its synonym rows (亡くなった → 亡くなっ); other stems only their own
    if (s !== piece && stems) stems.set(s, [...piece].length - [...s].length === 1 ? piece : s);
    piece = s;
    if (stems && !stems.has(piece) && potential(piece)) stems.set(piece, piece); // its plain form and stem count
    if (said && piece !== typed && !said.has(piece)) said.set(piece, typed);
    if (([...piece].length >= 2 || (piece && !isHira(piece))) && !FUNCTION_WORDS.includes(piece)
      && !QUESTION_KANJI.includes(piece) && !onlyFunction(piece)) {
      out.push(piece);
    }
  }
  return out.length ? out : [word];
}

// Whether a reader's word of katakana or Latin letters is in typed only as part of a longer word of the same letters
// (ネット in ネットワークづくり: _inside in search_text.py)
const KATA_RUN = /[\u30a1-\u30fa\u30fc]+/gu;
const LATIN_RUN = /[a-z0-9]+/gu;
function inside(reader, typed) {
  const kind = [KATA_RUN, LATIN_RUN].find((r) => (reader.match(r) || [])[0] === reader);
  return Boolean(kind) && typed.match(kind).filter((m) => m.includes(reader)).every((m) => m.length > reader.length);
}

// Every form of one compacted word: [{text, how}] with how "word", "variant" or "synonym" (word_forms);
// spellings: the notation dictionary (meta.json "spellings"); each form also in one notation; verb: for a verb's stem
// cut from a phrase, the piece it was cut from (its plain form and that piece's synonyms count: 亡くなっ ← 亡くなった).
export function wordForms(typed, table, spellings = {}, verb = null) {
  const forms = [];
  const seen = new Set();
  const add = (text, how) => {
    for (const t of [text, normalize(text)]) {
      if (t && !seen.has(t)) {
        seen.add(t);
        forms.push({ text: t, how });
      }
    }
  };
  add(typed, 'word');
  const own = variants(typed);
  if (verb) {
    const plain = plainForm(typed);
    const potentials = potentialForms(typed);
    own.push(...(plain ? [plain, ...otherForms(typed)] : potentials.length ? potentials : causativeForms(typed)));
  }
  for (const v of own) add(v, 'variant');
  for (const base of [typed, normalize(typed), ...own]) {
    for (const v of (Object.hasOwn(spellings, base) ? spellings[base] : [])) add(v, 'variant');
  }
  const bases = [...forms.map((f) => f.text), ...(verb ? [verb] : [])]; // verb: the piece a stem was cut from
  let listed = false;
  for (const base of bases) {
    for (const s of (Object.hasOwn(table, base) ? table[base] : [])) add(s, 'synonym');
    listed = listed || Object.hasOwn(table, base);
  }
  if (!listed) { // a compound with a reader word inside (はんこ登録 → 印鑑登録); not 引越し, which is listed itself
    const readers = Object.keys(table).sort((a, b) => [...b].length - [...a].length || (a < b ? -1 : a > b ? 1 : 0));
    for (const reader of readers) {
      if ([...reader].length >= 2 && reader !== typed && typed.includes(reader) && !inside(reader, typed)) {
        for (const s of table[reader]) add(typed.split(reader).join(s), 'synonym');
      }
    }
  }
  return { typed, forms };
}

// The reader's query as compacted words (split at white space; punctuation around a word is dropped).
export function queryWords(query) {
  const out = [];
  for (let piece of query.normalize('NFKC').split(/\s+/u)) {
    piece = piece.replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, '');
    const c = compact(piece);
    if (c) out.push(c);
  }
  return out;
}

// The reader's words as they are shown back (NFKC, case kept: ＳＤＧｓ → SDGs), one per queryWords word.
export function shownWords(query) {
  return query.normalize('NFKC').split(/\s+/u)
    .map((piece) => piece.replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, ''))
    .filter((piece) => compact(piece));
}

// English function words, left out of a query with other words ("moving in": STOPWORDS in search_text.py)
const STOPWORDS = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'for', 'to', 'and', 'or', 'with', 'by', 'from',
  'about', 'my', 'our', 'your', 'i', 'we', 'is', 'are', 'be', 'do', 'does', 'how', 'what', 'where', 'when', 'which',
  'who', 'can', 'want', 'need']);

// A word of hiragana that is no reading as a whole (くやくしょのまどぐち) as the readings it is made of, the particles
// between them left out, or null (read_apart in search_text.py)
const KANA_PARTICLES = new Set('のをにでがとはへやも');

export function readApart(word, spellings) {
  const cs = [...word];
  const n = cs.length;
  if (n < 4 || !HIRAGANA.test(word) || Object.hasOwn(spellings, word)) return null;
  const reading = (p) => [...p].length >= 2 && Object.hasOwn(spellings, p) && spellings[p].some((w) => !HIRAGANA.test(w));
  // best[i]: [pieces, -length of the first, next cut, a reading] for cs[i:]
  const best = new Array(n).fill(null);
  best.push([0, 0, n, false]);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = n; j > i; j -= 1) {
      const p = cs.slice(i, j).join('');
      const rest = best[j];
      if (rest === null) continue;
      let kind;
      if (reading(p)) kind = true;
      else if (j - i === 1 && KANA_PARTICLES.has(p) && i > 0 && j < n) kind = false;
      else continue;
      const cost = [rest[0] + 1, -(j - i), j, kind];
      if (best[i] === null || cost[0] < best[i][0] || (cost[0] === best[i][0] && cost[1] < best[i][1])) best[i] = cost;
    }
  }
  if (best[0] === null) return null;
  const out = [];
  for (let i = 0; i < n;) {
    const [, , j, kind] = best[i];
    if (kind) out.push(cs.slice(i, j).join(''));
    i = j;
  }
  return out.length >= 2 ? out : null;
}

// How the search page names a word of a phrase: as the reader typed it when no page has it (「増やしたい」を含むページは
// ありません) or when its stem ends in っ or ん, no word (「移った」, not 「移っ」); else as the pages have it
// (「支え合い」を含むページを表示しています, for 支え合いたい)
export function partName(w, absent = false) {
  return w.said !== undefined && (absent || /[っん]$/u.test(w.typed)) ? w.said : w.typed;
}

// [{word, parts, shown}] (analyse): a word as typed with its forms, and the words it splits into at particles.
export function analyse(query, table, spellings = {}) {
  const shown = shownWords(query);
  const all = queryWords(query).map((typed, i) => ({ typed, shown: shown[i] || typed }));
  const content = all.filter((w) => !STOPWORDS.has(w.typed) && !FUNCTION_WORDS.includes(w.typed) && !onlyFunction(w.typed));
  return (content.length ? content : all).map(({ typed, shown: back }) => {
    const stems = new Map();
    const said = new Map();
    let parts = splitPhrase(typed, stems, said);
    if (parts.length === 1 && parts[0] === typed) parts = readApart(typed, spellings) || parts;
    const same = parts.length === 1 && parts[0] === typed;
    return {
      word: wordForms(typed, table, spellings),
      // said: the word as the reader typed it (移った, 増やしたい), where the page names it (partName)
      parts: same ? [] : parts.map((p) => ({ ...wordForms(p, table, spellings, stems.get(p) ?? null), said: said.get(p) ?? p })),
      shown: back,
    };
  });
}

// ------------------------------------------------------------------ compounds (segment in search_text.py)
// A word of kanji, katakana, Latin letters and digits that no page has (地方分権一括法) is cut into the pieces that
// pages have (地方分権 + 一括法), the index being the dictionary: from the left, the longest piece (2 characters or
// more) that some page has in one of its forms; cuts between two kanji or where the script changes (a word with a
// lone hiragana letter, okurigana, is not cut).

const ATOM = /[\u30a1-\u30fa\u30fc]+|[\u3041-\u3096]{2,}|[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]/gu;
export const MAX_ATOMS = 12;

export function atoms(word) {
  const out = word.match(ATOM) || [];
  if (out.join('') !== word || out.length > MAX_ATOMS) return null;
  return out;
}

// a kanji alone first in a word of three atoms or more, before one piece pages have (区 of 区予算; not 大 of 大師支所):
// a piece of its own (_prefix in search_text.py; rest: the best cut of the rest, spans asks without it)
const prefix = (units, i, j, rest = null) => i === 0 && j === 1 && units.length >= 3 && isKanji(units[0])
  && (rest === null || (rest[0] === 0 && rest[1] === 1 && rest[3]));

// The pieces [{text, found}] of a word that no page has, or null (see segment in search_text.py);
// found(text): whether some page has the piece in one of its forms.
export function segment(word, found) {
  const units = atoms(word);
  if (!units || units.length < 2) return null;
  const n = units.length;
  const len = (text) => [...text].length;
  // best[i]: [letters absent, pieces, next cut, found] for units[i:] (the fewest letters on no page, then the
  // fewest pieces, then the longest first piece: 自治会館 → 自治, 会館)
  const best = new Array(n + 1).fill([0, 0, n, false]);
  const better = (a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  for (let i = n - 1; i >= 0; i -= 1) {
    let choice = null;
    for (let j = n; j > i; j -= 1) {
      if (j - i === n) continue; // the word itself: no page has it
      const text = units.slice(i, j).join('');
      if ((len(text) >= 2 || prefix(units, i, j, best[j])) && found(text)) {
        const cost = [best[j][0], best[j][1] + 1, j, true];
        if (choice === null || better(cost, choice)) choice = cost;
      }
    }
    const absent = [best[i + 1][0] + len(units[i]), best[i + 1][1] + 1, i + 1, false];
    if (choice === null || better(absent, choice)) choice = absent;
    best[i] = choice;
  }
  let pieces = [];
  for (let i = 0; i < n;) {
    const [, , j, ok] = best[i];
    const text = units.slice(i, j).join('');
    if (!ok && pieces.length && !pieces[pieces.length - 1].found) pieces[pieces.length - 1].text += text;
    else pieces.push({ text, found: ok });
    i = j;
  }
  pieces = pieces.filter((p) => p.found || len(p.text) >= 2);
  const sum = (ps) => ps.reduce((s, p) => s + len(p.text), 0);
  const have = pieces.filter((p) => p.found);
  // one piece found is enough when it is the compound's head, its last piece (田島支所 → 田島 (absent), 支所)
  // (not hiragana ending as a verb does, okurigana: 集まれる → まれる; 粗大ごみ → ごみ is one: segment in search_text.py)
  const last = pieces.length ? [...pieces[pieces.length - 1].text] : [];
  const head = pieces.length > 1 && pieces[pieces.length - 1].found
    && !(last.every(isHira) && 'るたて'.includes(last[last.length - 1]));
  if ((have.length < 2 && !head) || sum(have) < sum(pieces.filter((p) => !p.found))) return null;
  return pieces;
}

// The spans of a word that segment may ask about.
export function spans(word) {
  const units = atoms(word);
  if (!units || units.length < 2) return [];
  const out = new Set();
  for (let i = 0; i < units.length; i += 1) {
    for (let j = i + 1; j <= units.length; j += 1) {
      const text = units.slice(i, j).join('');
      if (j - i < units.length && ([...text].length >= 2 || prefix(units, i, j))) out.add(text);
    }
  }
  return [...out];
}

const has = (word, text) => word.forms.some((f) => text.includes(f.text));

// Whether a compacted page text has every word of the query in a form the search allows (explains); the text
// counts as written and in one notation (a page's text from bothWithMap has both already).
export function explains(tokens, text) {
  const norm = normalize(text);
  const both = norm === text || text.includes('\n') ? text : `${text}\n${norm}`;
  return tokens.every((t) => has(t.word, both) || (t.parts.length && t.parts.every((p) => has(p, both))));
}

// ------------------------------------------------------------------ the index files

export const SHOW = 10; // results the search page shows at once (search.js)
const VERIFY = 3; // a word on this many candidate pages or fewer is checked in their texts before it is cut (verified)
const FIRST = 2; // keys of a long form fetched first, spread over it (form): 2 saved the most bytes of 2, 3 and 4
const CHECK = 12; // of a word on more candidate pages, at most this many are checked, VERIFY at a time (checked)
// the page kinds that are content (generator/search_index.py CONTENT_KINDS, and the テーマ pages that gather them)
const CONTENT_KINDS = new Set(['基本政策', '基本施策', '主な取組', '事業', '施政方針', '推進プラン', 'テーマ']);
// the page kinds that list other pages' titles (SPECIAL_KINDS and LIST_KIND in search_index.py)
const TITLE_LISTS = new Set(['トップページ', '計画期間', '試験結果', '一覧']);

const CRC = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// A word that may name a department (企画調整課, 市民文化局): ownerPages looks it up; OWNER_SCORE: the key score of
// one mention in a page of REF_LENGTH (score(1, 0, False, REF_LENGTH, 1.0) in search_index.py)
const OWNER_SCORE = 69;
const OWNER_WORD = /^.{2,}(?:局|部|課|室|係|事務所|センター)$/u;

// The keys of the synonym list's shards a text may look up (synonym_key in search_index.py: a reader word's first two
// letters): each pair of its letters (a reader word inside it starts at one of them), or the text of one letter itself
export function synonymKeys(text) {
  const cs = [...text];
  return cs.length < 2 ? cs : cs.slice(1).map((c, i) => cs[i] + c);
}

export function shardOf(key, shards) {
  return crc32(encoder.encode(key)) & (shards - 1);
}

async function gunzip(response) {
  if (!response.ok) throw new Error(`${response.status} ${response.url}`);
  const stream = response.body.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// One shard: Map key → {pages: Int32Array, scores: Uint8Array}.
function parseShard(bytes, width) {
  const out = new Map();
  let i = 0;
  while (i < bytes.length) {
    const len = bytes[i];
    i += 1;
    const key = decoder.decode(bytes.subarray(i, i + len));
    i += len;
    let count = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i];
      i += 1;
      count += (b & 127) * 2 ** shift;
      shift += 7;
      if (b < 128) break;
    }
    const pages = new Int32Array(count);
    let pid = 0;
    for (let j = 0; j < count; j += 1) {
      let d = 0;
      for (let k = width - 1; k >= 0; k -= 1) d = d * 256 + bytes[i + k];
      i += width;
      pid += d;
      pages[j] = pid;
    }
    const scores = bytes.slice(i, i + count);
    i += count;
    out.set(key, { pages, scores });
  }
  return out;
}

// The pages that have every token (perToken: Index.search's), best first: [{pid, score, literal}].
function combine(perToken) {
  const [first, ...rest] = perToken;
  const list = [];
  for (const [pid, v] of first.pages) {
    if (!rest.every((t) => t.pages.has(pid))) continue;
    let score = v.score;
    let literal = v.literal ? 1 : 0;
    for (const t of rest) {
      score += t.pages.get(pid).score;
      literal += t.pages.get(pid).literal ? 1 : 0;
    }
    list.push({ pid, score, literal });
  }
  // pages with the reader's own words first, then by score; the same order every time
  list.sort((a, b) => b.literal - a.literal || b.score - a.score || a.pid - b.pid);
  return list;
}

// Whether a compacted text has the words in the order given, each within GAP characters after the one before
// (人材育成 … 計画 in 人材育成基本計画): the words of a compound or phrase that the page has together.
export const GAP = 8;

export function together(words, text) {
  const at = words.map((w) => {
    const out = [];
    for (const f of w.forms) {
      let i = text.indexOf(f.text);
      while (i >= 0) {
        out.push([i, i + f.text.length]);
        i = text.indexOf(f.text, i + 1);
      }
    }
    return out;
  });
  let ends = at[0] || [];
  for (const next of at.slice(1)) {
    ends = next.filter(([s]) => ends.some(([, e]) => s >= e && s - e <= GAP));
    if (!ends.length) return false;
  }
  return ends.length > 0;
}

// Whether one paragraph (line) of a page's text has every token of the query (explains, line by line): the words
// typed apart that the page says together (区役所 支所: 「区役所及び支所の…」).
export function paragraph(tokens, text) {
  return text.split('\n').some((line) => explains(tokens, compact(line)));
}

// The parts of a page title that are names on their own (町内会・自治会・地域コミュニティ → 町内会, 自治会, 地域コミュニティ;
// 令和3年度 施政方針 → 令和3年度, 施政方針), compacted.
const TITLE_CUT = /[\s・、，,。「」『』（）()【】〔〕［］\[\]：:／/～〜]+/u;

export function titleParts(title) {
  return (title || '').normalize('NFKC').split(TITLE_CUT).map(compact).filter(Boolean);
}

// Whether a page's title names every word of the query: a part of the title is the word or another spelling of it
// (not a synonym: a title that names another word is a page about that word).
export function named(tokens, title) {
  const parts = new Set(titleParts(title));
  return tokens.length > 0 && tokens.every((t) => t.word.forms.some((f) => f.how !== 'synonym' && parts.has(f.text)));
}

export class Index {
  constructor(base) {
    this.base = base; // URL of the folder search-index/ (ends with /)
    this.meta = null;
    this.shards = new Map(); // "g/n" → Promise<Map>
    this.synonymShards = new Map(); // n → Promise of the synonym list's shard n, added to this.table
    this.readingShards = new Map(); // n → Promise of the readings' shard n, added to the spellings
    this.ownerShards = new Map(); // n → Promise of the owners' shard n, added to this.owners
    this.owners = {}; // {department unit: [page numbers]} of the shards fetched (ownerPages)
    this.table = {}; // the synonym list {reader word: [words]}, of the shards fetched (synonymsFor)
    this.pages = new Map(); // page number → Promise<page>
  }

  async load() {
    if (!this.meta) {
      const r = await fetch(new URL('meta.json', this.base), { cache: 'no-cache' }); // always this build's
      if (!r.ok) throw new Error(`${r.status} ${r.url}`);
      this.meta = await r.json();
    }
    return this;
  }

  // The shards of a table of words (word_shards in search_index.py: s/<n>.bin, the synonym list as rows [[reader
  // words], [words]]; r/<n>.bin, the readings {reading: [words]}) that the keys may be in, each given to add once.
  async wordShards(folder, n, keys, cache, add) {
    await Promise.all([...new Set(keys.map((k) => shardOf(k, n)))].map((id) => {
      if (!cache.has(id)) {
        cache.set(id, fetch(this.file(`${folder}/${id.toString(16)}.bin`)).then(
          (r) => (r.status === 404 ? null : gunzip(r)),
        ).then((bytes) => {
          if (bytes) add(JSON.parse(decoder.decode(bytes)));
        }).catch((error) => {
          cache.delete(id); // a failed download (a lost connection) is tried again at the next query
          throw error;
        }));
      }
      return cache.get(id);
    }));
  }

  // The synonym list's shards that texts may look up, added to the table {reader word: [words]}: a word is looked up
  // as a whole and, for a reader word inside it (はんこ登録), from each of its letters, so the shards of its pairs of
  // letters (synonymKeys). A query needs a few (at 10,000 事業 the whole list, 18 KB, was in meta.json for every query).
  async synonymsFor(texts) {
    if (!this.meta.synonyms) return;
    await this.wordShards('s', this.meta.synonyms, texts.flatMap(synonymKeys), this.synonymShards, (rows) => {
      for (const [readers, words] of rows) for (const w of readers) this.table[w] = words;
    });
  }

  // The pages whose 担当 line names the department a word names (企画調整課, 総務企画局: owner_units in
  // search_index.py), from the owners' table (o/), fetched only for such a word: the line is not in the pages' keys.
  async ownerPages(word) {
    if (!this.meta.owners || !OWNER_WORD.test(word.typed)) return [];
    await this.wordShards('o', this.meta.owners, [synonymKeys(word.typed)[0]], this.ownerShards, (table) => {
      Object.assign(this.owners, table);
    });
    let at = 0; // each page number is stored as its distance from the one before (_deltas in search_index.py)
    return Object.hasOwn(this.owners, word.typed) ? this.owners[word.typed].map((d) => (at += d)) : [];
  }

  // The readings' shards that texts may look up, added to the spellings: a reading is hiragana (and ー: てーまべつ), so
  // the shards of the pairs of such letters of the texts (a word, its variants: チョウナイカイ → ちょうないかい, and
  // the pieces read apart, readApart: くやくしょのまどぐち → くやくしょ, まどぐち).
  async readingsFor(texts) {
    if (!this.meta.readings) return;
    const keys = texts.flatMap(synonymKeys).filter((k) => [...k].every((c) => isHira(c) || c === 'ー'));
    await this.wordShards('r', this.meta.readings, keys, this.readingShards, (table) => {
      this.meta.spellings = { ...this.spellings, ...table };
    });
  }

  // Every shard of the synonym list and, for a query with a word of kana (kanaQuery), of the readings that the query's
  // words may need: their forms but the synonyms (wordForms looks up the word, its variants and spellings, never a
  // synonym), again with the readings' words (ちょうないかい → 町内会) until no new shard is needed. Returns whether
  // the query has a word of kana (then cut fetches the readings of the pieces too).
  async prepare(query) {
    let kana = null;
    for (;;) {
      const words = analyse(query, {}, this.spellings).flatMap((t) => [t.word, ...t.parts]);
      if (kana === null) kana = this.kanaQuery(query, words);
      const texts = words.flatMap((w) => w.forms.map((f) => f.text)); // forms[0] is the word as typed
      const before = this.synonymShards.size + this.readingShards.size;
      await Promise.all([this.synonymsFor(texts), kana ? this.readingsFor(texts) : null]);
      if (this.synonymShards.size + this.readingShards.size === before) return kana;
    }
  }

  // A file of this build (?v=: a cached file of an earlier build is never used with this meta.json).
  file(name) {
    const url = new URL(name, this.base);
    if (this.meta.build) url.searchParams.set('v', this.meta.build);
    return url;
  }

  get synonyms() {
    return this.table;
  }

  get spellings() {
    return this.meta.spellings || {};
  }

  // Whether the readings (r/: ちょうないかい → 町内会, added to the spellings) may find a word of the query: a word, a
  // word of a phrase or a piece a compound may be cut into (its atoms) that is all kana (a reading is hiragana, found
  // from a word in hiragana or, as its variant, in katakana). A query in kanji, or whose kana are only particles and
  // endings (会社でCO2を減らす取り組みに参加したい), never downloads them.
  // words: the query's words and the words of its phrases, analysed without synonyms (prepare's).
  kanaQuery(query, words) {
    if (!this.meta.readings || !KANA.test(compact(query))) return false;
    // (an atom of kana after a kanji is its okurigana, 亡くなったら → 亡 + くなったら: no reading is a word's ending)
    const kana = (w) => kanaOnly(w.typed)
      || (atoms(w.typed) || []).some((a, i, all) => kanaOnly(a) && (i === 0 || !isKanji([...all[i - 1]].pop())));
    return words.some(kana);
  }

  // The テーマ pages whose title names every word of the query (meta.json "named", named_table in search_index.py).
  namedPages(tokens) {
    const table = this.meta.named || {};
    let out = null;
    for (const t of tokens) {
      const pids = new Set(t.word.forms.filter((f) => f.how !== 'synonym' && Object.hasOwn(table, f.text))
        .flatMap((f) => table[f.text]));
      out = out === null ? pids : new Set([...out].filter((p) => pids.has(p)));
    }
    return out || new Set();
  }

  // The pages that have one key: {pages, scores}, or null.
  async key(key) {
    const g = [...key].length;
    const n = this.meta.shards[g - 1];
    const id = `${g}/${shardOf(key, n).toString(16)}`;
    if (!this.shards.has(id)) {
      this.shards.set(id, fetch(this.file(`${id}.bin`)).then(
        (r) => (r.status === 404 ? new Uint8Array() : gunzip(r)),
      ).then((bytes) => parseShard(bytes, this.meta.width)));
    }
    return (await this.shards.get(id)).get(key) || null;
  }

  // One page: {url, title, kind, trail, text, anchors: [{id, element, start}], compact}.
  page(pid) {
    if (!this.pages.has(pid)) {
      this.pages.set(pid, fetch(this.file(`p/${pid}.bin`)).then(gunzip).then((bytes) => {
        const d = JSON.parse(decoder.decode(bytes));
        const text = d.x;
        // offsets are in code points; JavaScript strings count UTF-16 units
        let toIndex = (o) => o;
        if (/[\ud800-\udfff]/u.test(text)) {
          const map = [];
          let u = 0;
          for (const ch of text) {
            map.push(u);
            u += ch.length;
          }
          map.push(u);
          toIndex = (o) => map[Math.min(o, map.length - 1)];
        }
        const anchors = d.a.map(([id, element, start]) => ({ id, element, start: toIndex(start) }));
        return { pid, url: d.u, title: d.t, kind: d.k, trail: d.r, text, anchors, compact: bothWithMap(text) };
      }));
    }
    return this.pages.get(pid);
  }

  // A word's few candidates (VERIFY or fewer) without those whose text does not have it in any form: the index finds
  // the pages that have every piece of the word (its trigrams), which a page listing many names may have without
  // the word (コミュニティ活性化事業 on the list of all 事業); a word left with no page is then cut into the words
  // pages have (cut), as search_text.py does with the pages' texts. The page texts fetched are those the search
  // page shows first anyway, or at most VERIFY more.
  async verified(word, found) {
    const pids = [...found.keys()];
    const pages = await Promise.all(pids.map((p) => this.page(p)));
    return new Map(pids.filter((p, i) => has(word, pages[i].compact.text)).map((p) => [p, found.get(p)]));
  }

  // One word's pages (word), checked in their texts (verified): all of them when they are VERIFY or fewer; else, for
  // a word the index may find where it is not (a form of more than one key), the best VERIFY at a time, up to CHECK
  // pages, until one has the word: none has it, and the word is taken as on no page (cut). At 10,000 事業 the index
  // found コミュニティ活性化事業 on 230 pages with its pieces apart (lists, 基本施策 pages with many names); the search
  // page read all 230 texts (357 KB) and showed nothing; now it reads at most CHECK and finds the 事業 by its pieces.
  async checked(word) {
    const found = await this.word(word);
    if (!found.size || found.size <= VERIFY) return found.size ? this.verified(word, found) : found;
    if (word.forms.every((f) => queryKeys(f.text).length <= 1)) return found; // the index has the word itself
    const best = [...found.keys()].sort((a, b) => found.get(b).score - found.get(a).score || a - b);
    for (let i = 0; i < Math.min(best.length, CHECK); i += VERIFY) {
      const some = new Map(best.slice(i, i + VERIFY).map((p) => [p, found.get(p)]));
      if ((await this.verified(word, some)).size) return found;
    }
    return new Map(); // a page past the CHECK best that has the word has its pieces too: cut finds it
  }

  // BM25's idf of a word on df of the site's pages
  idf(df) {
    return Math.log(1 + (this.meta.pages - df + 0.5) / (df + 0.5));
  }

  // Pages that have every key of a form, with a score each: Map pid → score.
  async form(text) {
    const keys = queryKeys(text);
    if (!keys.length) return new Map();
    if (keys.length > FIRST) {
      // a long form (a phrase as typed, with its synonyms' forms) is on few pages or none, and a page has it only if it
      // has every key: its first and last keys first (FIRST), the others only when some page has each of those (at 10,000
      // 事業 the 9 keys of each of 近所の防犯をもっとしっかりしてほしい's 6 forms were 30 of its 45 shards, 168 KB)
      const some = Array.from({ length: FIRST }, (_, i) => keys[Math.round((i * (keys.length - 1)) / (FIRST - 1))]);
      if ((await Promise.all(some.map((k) => this.key(k)))).some((l) => !l)) return new Map();
    }
    const lists = await Promise.all(keys.map((k) => this.key(k)));
    if (lists.some((l) => !l)) return new Map();
    // the rarest key: its pages are the candidates, its idf the word's (the word is at most as common)
    lists.sort((a, b) => a.pages.length - b.pages.length);
    const idf = this.idf(lists[0].pages.length);
    let scores = new Map();
    lists[0].pages.forEach((p, i) => scores.set(p, lists[0].scores[i]));
    for (const l of lists.slice(1)) {
      const next = new Map();
      l.pages.forEach((p, i) => {
        const s = scores.get(p);
        if (s !== undefined) next.set(p, Math.min(s, l.scores[i])); // the word is at most as frequent as its rarest piece
      });
      scores = next;
      if (!scores.size) break;
    }
    for (const [p, s] of scores) scores.set(p, s * idf);
    return scores;
  }

  // One word (with its forms): Map pid → {score, literal}; literal: the page has the word or a variant.
  async word(word) {
    // the form with の (機能の強化) only when the other forms are on fewer pages than are shown at once: its keys are
    // shards of their own (at 10,000 事業, 18 KB more for 麻生区役所 電話番号), and the word itself is enough then
    const no = withNo(word.typed);
    const found = await Promise.all(word.forms.map((f) => (f.text === no ? null : this.form(f.text))));
    const pages = new Set(found.flatMap((m) => (m ? [...m.keys()] : [])));
    const i = found.indexOf(null);
    if (i >= 0) found[i] = pages.size < SHOW ? await this.form(no) : new Map();
    word.found = word.forms.filter((f, i) => found[i].size).map((f) => f.text); // the forms some page has
    const out = new Map();
    // a page whose 担当 line names the department: as one mention in a typical page (OWNER_SCORE), times its idf
    const owned = await this.ownerPages(word);
    for (const p of owned) out.set(p, { score: OWNER_SCORE * this.idf(owned.length), literal: true });
    word.forms.forEach((f, i) => {
      const literal = f.how !== 'synonym';
      for (const [p, s] of found[i]) {
        const best = out.get(p);
        if (!best || literal > best.literal || (literal === best.literal && s > best.score)) out.set(p, { score: s, literal });
      }
    });
    return out;
  }

  // A token that no page has in any form: each of its words (the token, or the words of a phrase) that no page has
  // is cut into the pieces pages have (segment); t.parts becomes the words the pages shown must all have.
  async cut(t, kana = false) {
    const base = t.parts.length ? t.parts : [t.word];
    const out = [];
    for (const w of base) {
      const m = await this.checked(w);
      let pieces = null;
      if (!m.size) {
        const ok = new Set();
        const written = []; // the spans some page has as written
        const look = async (s) => {
          // not the form with の (窓口の機能: its keys are on pages that have them apart; with_no in search_text.py)
          const f = wordForms(s, this.synonyms, this.spellings).forms.filter((x) => x.text !== withNo(s));
          const found = await Promise.all(f.map((x) => this.form(x.text)));
          if (found.some((x) => x.size)) ok.add(s);
          if (found[0].size) written.push(s); // forms[0] is the span as written
        };
        // the longer spans first, then the pairs of letters: a pair inside a span that a page has as written is on
        // that page (the span's keys, queryKeys, hold every pair of its letters), and its shard is not fetched (at
        // 10,000 事業, 市民活動支援拠点ガイドライン fetched 7 shards of pairs, 48 KB, all inside 市民活動支援拠点)
        const all = spans(w.typed).filter((s) => [...s].length >= 2);
        const pair = (s) => [...s].length === 2;
        // the shards of every piece it may be cut into and of their spellings (a kanji alone too: prefix), the
        // synonyms' with the readings' words
        const texts = () => spans(w.typed).flatMap((s) => wordForms(s, {}, this.spellings).forms.map((f) => f.text));
        if (kana) await this.readingsFor(texts());
        await this.synonymsFor(texts());
        await Promise.all(all.filter((s) => !pair(s)).map(look));
        await Promise.all(all.filter(pair).map((s) => (written.some((x) => x.includes(s)) ? ok.add(s) : look(s))));
        // a kanji alone first only before a rest that pages have (prefix: 区 of 区予算), so its shard only then
        const units = atoms(w.typed);
        if (units && prefix(units, 0, 1) && ok.has(units.slice(1).join(''))) await look(units[0]);
        pieces = segment(w.typed, (s) => ok.has(s));
        // a piece found by its keys only (more than one key) is checked in the texts of its best pages (checked), and
        // one that no page has is cut further: 市民自治推進 of 市民自治推進プラン (its 市民自治 and 自治推進 are on pages,
        // never together) made every page shown lack it, and nothing was found; now 市民自治 + 推進 + プラン
        for (let round = 0; pieces && round < 4; round += 1) {
          const loose = pieces.filter((p) => p.found && queryKeys(p.text).length > 1);
          const there = await Promise.all(loose.map((p) => this.checked(wordForms(p.text, this.synonyms, this.spellings))));
          const gone = loose.filter((p, i) => !there[i].size);
          if (!gone.length) break;
          for (const p of gone) ok.delete(p.text);
          pieces = segment(w.typed, (x) => ok.has(x));
        }
      }
      if (pieces) out.push(...pieces.map((p) => wordForms(p.text, this.synonyms, this.spellings)));
      else out.push(w);
    }
    if (!(out.length === 1 && out[0] === t.word)) t.parts = out;
    t.cut = out.length !== base.length;
  }

  // The query's candidates, best first: [{pid, score, literal}], and per token what was found; partial: null, or
  // {absent, present} (units: a token, or a word of a phrase) when the candidates have only the present words because
  // no page has the absent ones, or {absent: [], present, some: true} when every word is on some page but no page
  // has them all (the candidates have one or more of the present ones, the most first; a word of one letter is
  // present only when all the words are so short).
  async search(query) {
    const kana = await this.prepare(query);
    const tokens = analyse(query, this.synonyms, this.spellings);
    const perToken = await Promise.all(tokens.map(async (t) => {
      const whole = await this.checked(t.word);
      if (!whole.size) await this.cut(t, kana);
      let parts = null;
      let each = null;
      if (t.parts.length && ![...whole.values()].some((v) => v.literal)) {
        // the phrase as it is is on no page: the pages that have all its words
        each = await Promise.all(t.parts.map((p) => this.word(p)));
        parts = new Map();
        for (const [p, v] of each[0]) {
          if (each.every((m) => m.has(p))) {
            let score = 0;
            let literal = true;
            for (const m of each) {
              score += m.get(p).score;
              literal = literal && m.get(p).literal;
            }
            parts.set(p, { score, literal: false, partsLiteral: literal });
          }
        }
      }
      const pages = new Map(whole);
      if (parts) for (const [p, v] of parts) if (!pages.has(p)) pages.set(p, v);
      return { token: t, whole, parts, each, pages, literal: [...whole.values()].some((v) => v.literal) };
    }));
    if (!perToken.length) return { tokens, perToken, list: [], partial: null };
    const list = combine(perToken);
    // Two or more words (typed apart, or a phrase cut at its particles: 区役所の待ち時間), some on no page at all:
    // the pages with the words that are found, as a partial result (search.js says which word no page has).
    // units: {shown, word, pages, token (the token it comes from), parts}; pages with more pieces of the missing
    // words come first.
    let partial = null;
    const units = [];
    for (const t of perToken) {
      if (t.pages.size || !t.each) units.push({ shown: t.token.shown, word: t.token.word, parts: t.token.parts, pages: t.pages, token: t.token });
      else {
        // a word typed as one piece (伝えたい → 伝え) is named as typed; the words of a phrase each by itself
        const one = t.token.parts.length === 1;
        t.each.forEach((m, i) => units.push({
          shown: one ? t.token.shown : partName(t.token.parts[i], !m.size), word: t.token.parts[i], parts: [],
          pages: m, token: t.token,
        }));
      }
    }
    let absent = units.filter((u) => !u.pages.size);
    if (!list.length && !absent.length) {
      // A compound cut into pieces (耐震拉致 → 耐震, 拉致) that no page has together, nor with the other words: the
      // compound as typed is on no page, so it is the absent word, as it was before cutting. (A compound whose pieces
      // one page has together is a word found: 政策プロセス 公開 shows the pages with some of the words, below.)
      // Each compound's units are replaced where they stand, so the words keep the query's order.
      const cut = new Set(perToken.filter((t) => t.token.cut && !(t.parts && t.parts.size)).map((t) => t.token));
      const whole = [];
      for (const u of units) {
        if (!cut.has(u.token)) whole.push(u);
        else if (!whole.some((w) => w.token === u.token)) {
          whole.push({ shown: u.token.shown, word: u.token.word, parts: [], pages: new Map(), token: u.token });
        }
      }
      units.splice(0, units.length, ...whole);
      absent = units.filter((u) => !u.pages.size);
    }
    // a word of one letter on many pages (市 of 市のお金 is on nearly every page; not 緑 of 街に緑を増やしたい): pages
    // with only such words, for a query with a longer word, are no answer (nothing found, as when every word is
    // absent; below: not counted)
    const short = (u) => [...u.word.typed].length < 2 && u.pages.size > SHOW;
    const onlyShort = units.some((u) => !short(u)) && units.every((u) => !u.pages.size || short(u));
    // Words each on some page, but no page has them all (市役所 電話 問い合わせ): the pages with the most of the
    // words, as a partial result (search.js says that no page has them all); then the reader's own words, then the
    // score. A word of one letter on many pages counts only when all the words are so.
    const someOf = async (present, gone) => {
      const long = present.filter((u) => !short(u));
      const counted = long.length ? long : present;
      const some = new Map();
      for (const u of counted) {
        for (const [pid, v] of u.pages) {
          const c = some.get(pid) || { pid, words: 0, literal: 0, score: 0 };
          c.words += 1;
          c.literal += v.literal ? 1 : 0;
          c.score += v.score;
          some.set(pid, c);
        }
      }
      const found = [...some.values()].sort((a, b) => b.words - a.words || b.literal - a.literal || b.score - a.score
        || a.pid - b.pid);
      return { tokens, perToken, list: await this.contentFirst(found), partial: { absent: gone, present: counted, some: true } };
    };
    if (!list.length && !absent.length && units.length > 1) return someOf(units, []);
    if (!list.length && absent.length && absent.length < units.length && !onlyShort) {
      const present = units.filter((u) => u.pages.size);
      // no page has all the words that pages have (麻生区役所 電話番号 → 区役所, 電話, 番号): some of them, as above
      const found = combine(present);
      if (present.length > 1 && !found.length) return someOf(present, absent);
      const pieces = [...new Set(absent.flatMap((u) => u.word.forms.flatMap((f) => runs(f.text))
        .flatMap((r) => { const cs = [...r]; return cs.slice(1).map((c, i) => cs[i] + c); })))];
      const lists = await Promise.all(pieces.map((k) => this.key(k)));
      const near = new Map();
      for (const l of lists) if (l) for (const p of l.pages) near.set(p, (near.get(p) || 0) + 1);
      for (const c of found) c.near = near.get(c.pid) || 0;
      found.sort((a, b) => b.literal - a.literal || b.near - a.near || b.score - a.score || a.pid - b.pid);
      partial = { absent, present };
      return { tokens, perToken, list: await this.contentFirst(found), partial };
    }
    // a テーマ page named by the query comes into the first results (its text counts a tenth: together sorts it first)
    const named = this.namedPages(tokens);
    if (named.size) list.sort((a, b) => (named.has(b.pid) ? 1 : 0) - (named.has(a.pid) ? 1 : 0));
    return { tokens, perToken, list: await this.together(list, perToken), partial };
  }

  // A partial result's first SHOW candidates (the ones shown first, whose text the page reads anyway) with the content
  // pages (基本政策 … 推進プラン, テーマ) before the lists, 試験結果, オープンデータ …, which have every page's title and
  // so many words (引っ越してきた人 町内会: the list of all 事業 came first); in the same order otherwise (a result with
  // some of the words: the pages with more of them first still).
  async contentFirst(list) {
    const head = list.slice(0, SHOW);
    const pages = await Promise.all(head.map((c) => this.page(c.pid)));
    const other = new Map(head.map((c, i) => [c.pid, CONTENT_KINDS.has(pages[i].kind) ? 0 : 1]));
    // the pages that list other pages' titles after the others, whatever words they have (…市が特別市になったら何が変わる:
    // the top page and 試験結果 had more of the words, in other pages' titles, than the テーマ page)
    const lists = new Map(head.map((c, i) => [c.pid, TITLE_LISTS.has(pages[i].kind) ? 1 : 0]));
    head.sort((a, b) => lists.get(a.pid) - lists.get(b.pid) || (b.words || 0) - (a.words || 0)
      || other.get(a.pid) - other.get(b.pid));
    return [...head, ...list.slice(SHOW)];
  }

  // The first SHOW candidates (the ones shown first, whose text the page reads anyway) with the pages whose title
  // names the reader's words (named: じちかい → 町内会・自治会・地域コミュニティ, the テーマ page) before the pages
  // that merely mention them, and the pages that have the words of a phrase or compound together (together) before
  // the pages that have them apart, for the tokens found only by their words (地方分権一括法 → 地方分権, 一括法);
  // otherwise in the same order. The reader's own words (literal) count only on a content page or one the query
  // names: a list, 試験結果 or オープンデータ page has them in other pages' titles and in the standards it cites
  // (障がい者 → 障害者 of JIS X 8341-3's title on 試験結果 came before the pages about people with disabilities).
  async together(list, perToken) {
    const cut = perToken.filter((t) => t.parts && t.parts.size && t.token.parts.length > 1);
    if (list.length < 2) return list;
    const head = list.slice(0, SHOW);
    const pages = await Promise.all(head.map((c) => this.page(c.pid)));
    const tokens = perToken.map((t) => t.token);
    head.forEach((c, i) => {
      c.named = named(tokens, pages[i].title) ? 1 : 0;
      c.own = CONTENT_KINDS.has(pages[i].kind) || c.named ? c.literal : 0;
      c.together = cut.filter((t) => together(t.token.parts, pages[i].compact.text)).length;
      c.paragraph = perToken.length > 1 && paragraph(tokens, pages[i].text) ? 1 : 0;
    });
    head.sort((a, b) => b.own - a.own || b.named - a.named || b.together - a.together
      || b.paragraph - a.paragraph || b.score - a.score || a.pid - b.pid);
    return [...head, ...list.slice(SHOW)];
  }
}
