/*
 * Where a query's terms occur in the index: a term cut into parts, each alternative of a term prepared as a
 * needle with the rules of kana that a plain substring search does not know, and the hits of a needle in a
 * field of an article. search.js ranks with it; normalize.js gives both the normal form.
 */
(function (root, factory) {
  'use strict';
  const api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.IsmsMatch = api;
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // In the page normalize.js has run before this script; under Node it is required.
  const { isASCIIAlnum, isKatakana, foldKana, CHO } = typeof require === 'function' ? require('./normalize.js') : self.IsmsNormalize;

  // Script classes of prepared code points, for splitting a term into parts.
  function scriptOf(c) {
    if (c >= 0x3041 && c <= 0x309f) return 'H';
    if ((c >= 0x30a0 && c <= 0x30ff) || c === CHO) return 'K';
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) ||
      c === 0x3005 || c === 0x3006 || (c >= 0x20000 && c <= 0x3ffff)) return 'C';
    if (isASCIIAlnum(c)) return 'L';
    return 'O';
  }

  // splitParts cuts a prepared term into the pieces a query "with no exact occurrence" is looked for by:
  // runs of one script, with particles and okurigana (hiragana) dropped, Latin kept with the katakana that
  // follows it (USBメモリ), kanji compounds of four or more cut in pairs (個人情報保護 → 個人 情報 保護), and
  // one-character pieces joined to their neighbour (第16条, 3ヶ月).
  function splitParts(cps) {
    const runs = [];
    let cur = null;
    for (let i = 0; i < cps.length; i++) {
      let k = scriptOf(cps[i]);
      // the long-vowel mark belongs to the kana before it (ぱすわーど); a dot or dash inside Latin (a9.4.2,
      // wi-fi) to the Latin
      if (cps[i] === CHO && cur) k = cur.k;
      if (k === 'O' && (cps[i] === 0x2e || cps[i] === 0x2d) && cur && cur.k === 'L' && i + 1 < cps.length && scriptOf(cps[i + 1]) === 'L') k = 'L';
      if (cur && cur.k === k) {
        cur.cps.push(cps[i]);
      } else {
        cur = { k, cps: [cps[i]] };
        runs.push(cur);
      }
    }
    if (runs.every((r) => r.k === 'H' || r.k === 'O')) return [cps];
    let pieces = [];
    for (let i = 0; i < runs.length; i++) {
      const r = runs[i];
      if (r.k === 'H' || r.k === 'O') {
        pieces.push(null); // a separator
        continue;
      }
      if (r.k === 'L' && i + 1 < runs.length && runs[i + 1].k === 'K') {
        pieces.push(r.cps.concat(runs[i + 1].cps));
        i++;
        continue;
      }
      if (r.k === 'C' && r.cps.length >= 4) {
        for (let j = 0; j < r.cps.length; j += 2) {
          const rest = r.cps.length - j;
          pieces.push(r.cps.slice(j, rest === 3 ? j + 3 : j + 2));
          if (rest === 3) break;
        }
        continue;
      }
      pieces.push(r.cps);
    }
    // join one-character pieces to an adjacent piece (not across a separator)
    const out = [];
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      if (p === null) {
        out.push(null);
        continue;
      }
      const prev = out.length > 0 ? out[out.length - 1] : null;
      if (prev !== null && (p.length === 1 || prev.length === 1) && out.length > 0) {
        out[out.length - 1] = prev.concat(p);
      } else {
        out.push(p);
      }
    }
    return out.filter((p) => p !== null);
  }


  const HIRAGANA = /[\u3041-\u3096]/;
  // a 2022 Annex A control as typed: 8.5, A.8.5 or A8.5 (themes 5 to 8)
  const CONTROL_2022 = /^a?([5-8])\.([1-9][0-9]?)$/;

  const KATAKANA_RUN = /[\u30a1-\u30fa][\u30a1-\u30fa\u30fc]*/g;
  const isWordKana = (c) => isKatakana(c) || c === CHO;

  // Words are the katakana words the handbook uses, by which a longer run of katakana is cut into words: a
  // katakana term matches inside a run only where the rest of the run is made of such words. A word is a run
  // of two or more that stands alone somewhere (アクセス, ログ), or what three or more katakana are left of a
  // run when such a word is taken off its start or end (マネジメント of マネジメントレビュー, ハード of
  // ハードコピー). So ログ matches アクセスログ and レビュー マネジメントレビュー, but ログ does not match
  // ログイン, nor メモ メモリ, nor ポート サポート: イン, リ and サ are no words.
  class Words {
    constructor(texts) {
      const runs = new Set();
      for (const t of texts) {
        for (const m of t.matchAll(KATAKANA_RUN)) if (m[0].length >= 2) runs.add(m[0]);
      }
      this.words = new Set(runs);
      for (const r of runs) {
        for (let k = 2; k + 2 <= r.length; k++) {
          if (runs.has(r.slice(0, k)) && r.length - k >= 3) this.words.add(r.slice(k));
          if (runs.has(r.slice(k)) && k >= 3) this.words.add(r.slice(0, k));
        }
      }
      this.cache = new Map();
    }

    // madeOf reports whether s is a sequence of words (the empty one included).
    madeOf(s) {
      if (s === '') return true;
      let ok = this.cache.get(s);
      if (ok === undefined) {
        ok = false;
        for (let i = 2; i <= s.length && !ok; i++) ok = this.words.has(s.slice(0, i)) && this.madeOf(s.slice(i));
        this.cache.set(s, ok);
      }
      return ok;
    }

    // aligned reports whether [start, end) of the normalised text n begins and ends between words.
    aligned(n, start, end) {
      if (start > 0 && isKatakana(n.charCodeAt(start)) && isWordKana(n.charCodeAt(start - 1))) {
        let s = start;
        while (s > 0 && isWordKana(n.charCodeAt(s - 1))) s--;
        if (!this.madeOf(n.slice(s, start))) return false;
      }
      if (isWordKana(n.charCodeAt(end - 1)) && isWordKana(n.charCodeAt(end))) {
        let e = end;
        while (e < n.length && isWordKana(n.charCodeAt(e))) e++;
        if (!this.madeOf(n.slice(end, e))) return false;
      }
      return true;
    }
  }

  // A field is one normalised field of an article, with a copy in which hiragana are folded to katakana, for
  // the queries typed in hiragana. Folding keeps every position, so a hit in the copy is a hit in the text.
  class Field {
    constructor(n, words) {
      this.n = n;
      this.f = HIRAGANA.test(n) ? foldKana(n) : n;
      this.words = words;
    }
  }

  // needle prepares one normalised alternative of a term for matching. The normal form keeps hiragana and
  // katakana apart and keeps ー, so that a loanword (メール, キー) never matches the okurigana or particles of
  // other words (定める, 基づき); these rules put back what people expect of kana:
  //  - a term with hiragana in it (ぱすわーど) is looked for in the folded copy, where it meets katakana too;
  //  - a final ー is optional where a katakana word ends (サーバー finds サーバ, not the サーバ of サーバント);
  //  - inside a katakana run, a term matches only between words (see Words), unless loose: the search
  //    loosens a term that occurs nowhere else, and says so;
  //  - a 2022 control number (8.5, A.8.5) is matched whole against the article's 2022 controls.
  function needle(text, w) {
    const folded = HIRAGANA.test(text);
    const key = folded ? foldKana(text) : text;
    let e = key.length;
    while (e > 0 && key.charCodeAt(e - 1) === CHO) e--;
    const stem = e < key.length && e > 0 && isKatakana(key.charCodeAt(e - 1)) ? key.slice(0, e) : '';
    const c22 = text.match(CONTROL_2022);
    return { text, key, folded, stem, c22: c22 ? c22[1] + '.' + c22[2] : '', w, loose: false };
  }

  // hits lists where a needle occurs in a field, as [start, end) in normalised text, at most cap of them.
  function hits(field, nd, cap) {
    const hay = nd.folded ? field.f : field.n;
    const out = [];
    const katakanaEnd = isKatakana(nd.key.charCodeAt(nd.key.length - 1));
    for (let i = hay.indexOf(nd.key); i >= 0 && out.length < cap; i = hay.indexOf(nd.key, i + 1)) {
      // a hit takes in the final ー the term left out (サーバ in サーバー), so that the whole word is marked
      let end = i + nd.key.length;
      while (katakanaEnd && field.n.charCodeAt(end) === CHO) end++;
      if (nd.loose || field.words.aligned(field.n, i, end)) out.push([i, end]);
    }
    if (nd.stem === '') return out;
    for (let i = hay.indexOf(nd.stem); i >= 0 && out.length < cap; i = hay.indexOf(nd.stem, i + 1)) {
      const end = i + nd.stem.length;
      // the stem must end a word written in katakana (サーバ in サーバは, コンピュータ in コンピュータウイルス),
      // never loosely: not キ in 基づき or セキュリティ
      if (!isKatakana(field.n.charCodeAt(end - 1)) || field.n.charCodeAt(end) === CHO) continue;
      if (field.words.aligned(field.n, i, end)) out.push([i, end]);
    }
    return out.sort((x, y) => x[0] - y[0]);
  }

  function occurs(field, nd) {
    return hits(field, nd, 1).length > 0;
  }

  return { splitParts, Words, Field, needle, hits, occurs };
});
