/*
 * The handbook's search engine: queries in the normal form of normalize.js (the one package search gave the
 * index), matching by substring over the normalised text with the few rules of kana that a substring does not
 * know (see needle), ranking, snippets with highlights, suggestions.
 * It runs in the page (search-page.js drives it; normalize.js loads first) and under Node for the tests and
 * the benchmark, so it touches neither the DOM nor the network.
 */
(function (root, factory) {
  'use strict';
  const api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.IsmsSearch = api;
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const FORMAT_VERSION = 2;

  // In the page normalize.js and match.js have run before this script; under Node they are required.
  const { Normalizer, foldKana } = typeof require === 'function' ? require('./normalize.js') : self.IsmsNormalize;
  const { splitParts, Words, Field, needle, hits, occurs } = typeof require === 'function' ? require('./match.js') : self.IsmsMatch;

  const MAX_QUERY = 200; // characters; a longer query is cut, not refused
  const MAX_TERMS = 8;

  const FIELD = { caption: 10, control: 8, ref: 6, body: 3, title: 1 };
  const SYNONYM_WEIGHT = 0.6;
  const PARTS_WEIGHT = 0.5;

  // origin maps a position in normalised text to the original, by the alignment pairs of text.json.
  function origin(map, pos) {
    let delta = 0;
    let lo = 0;
    let hi = map.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (map[2 * mid] <= pos) {
        delta = map[2 * mid + 1];
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return pos + delta;
  }

  class Searcher {
    // index is index.json; text is text.json, or null when only ranking is needed.
    constructor(index, text) {
      if (!index || index.v !== FORMAT_VERSION) throw new Error('unsupported search index version');
      if (text && text.v !== FORMAT_VERSION) throw new Error('unsupported search text version');
      this.normalizer = new Normalizer(index.variants || []);
      this.stds = index.stds;
      const words = new Words(index.docs.flatMap((d) => [d.ncap, d.nbody]));
      const titles = index.stds.map((std) => new Field(std.ntitle || '', words));
      this.docs = index.docs.map((d, i) => {
        const std = index.stds[d.s];
        return {
          i,
          id: std.n + '-' + d.n,
          std,
          number: d.n,
          caption: d.cap,
          controls: d.ctl || [],
          controls2022: d.c22 || [],
          ref: new Field(d.nref, words),
          cap: new Field(d.ncap, words),
          ctl: new Field(d.nctl || '', words),
          body: new Field(d.nbody, words),
          title: titles[d.s],
        };
      });
      this.text = text;
      // synonyms are looked up by the folded form of a term, so that ぴーしー finds the group of ピーシー
      this.synonyms = new Map();
      for (const group of index.syn || []) {
        for (const t of group) {
          this.synonyms.set(foldKana(t), group.filter((u) => foldKana(u) !== foldKana(t)));
        }
      }
      this.controls = Array.from(new Set(this.docs.flatMap((d) => d.controls))).sort(compareControls);
    }

    normalize(s) {
      return this.normalizer.normalize(s);
    }

    // parse turns what the user typed into terms, each with its alternatives (the term, then its
    // synonyms) and its parts, and the whole query as one phrase.
    parse(query) {
      const raw = String(query || '').slice(0, MAX_QUERY);
      const terms = [];
      const seen = new Set();
      for (const word of raw.split(/[\s\u3000]+/)) {
        if (terms.length >= MAX_TERMS) break;
        const prepared = this.normalizer.prepare(word);
        const norm = this.normalizer.finish(prepared);
        if (norm === '' || seen.has(norm)) continue;
        seen.add(norm);
        const alts = this.alternatives(norm);
        const parts = [];
        for (const p of splitParts(prepared)) {
          const text = this.normalizer.finish(p);
          if (text === '' || parts.some((q) => q.alts[0].text === text)) continue;
          parts.push({ alts: this.alternatives(text) });
        }
        terms.push({ raw: word, norm, alts, parts: parts.length >= 2 ? parts : [] });
      }
      const phrase = terms.length > 1 ? needle(this.normalizer.normalize(raw), 1) : null;
      return { raw, terms, phrase };
    }

    // alternatives are a normalised term and its synonyms, as needles.
    alternatives(text) {
      const alts = [needle(text, 1)];
      for (const s of this.synonyms.get(foldKana(text)) || []) alts.push(needle(s, SYNONYM_WEIGHT));
      return alts;
    }

    // fieldScore is how well one alternative matches one article: 0 when it does not occur. A 2022 control
    // number is looked for among the article's 2022 controls instead of as the prefix of a 2013 one (A.8.1 is
    // 2022's 8.1, not 2013's A8.1.1).
    fieldScore(d, nd) {
      let s = 0;
      if (occurs(d.cap, nd)) s += FIELD.caption;
      if (nd.c22 ? d.controls2022.includes(nd.c22) : occurs(d.ctl, nd)) s += FIELD.control;
      if (occurs(d.ref, nd)) s += FIELD.ref;
      const n = hits(d.body, nd, 5).length;
      if (n > 0) s += FIELD.body + 0.4 * n;
      if (s === 0 && occurs(d.title, nd)) s += FIELD.title;
      return s;
    }

    bestAlt(d, alts) {
      let best = 0;
      for (const a of alts) best = Math.max(best, this.fieldScore(d, a) * a.w);
      return best;
    }

    // matchTerm tells whether d has the term (kind 'exact', 'synonym' or 'parts'; 'inword' for a loosened
    // term found as typed) and how well.
    matchTerm(d, term) {
      const exact = this.fieldScore(d, term.alts[0]);
      const best = this.bestAlt(d, term.alts);
      if (best > 0) return { kind: exact === 0 ? 'synonym' : term.loose ? 'inword' : 'exact', score: best };
      if (term.parts.length === 0) return { kind: 'none', score: 0 };
      let found = 0;
      let sum = 0;
      for (const p of term.parts) {
        const s = this.bestAlt(d, p.alts);
        if (s > 0) {
          found++;
          sum += s;
        }
      }
      if (found < term.parts.length) return { kind: 'none', score: 0.2 * found / term.parts.length };
      return { kind: 'parts', score: PARTS_WEIGHT * sum / term.parts.length + this.proximity(d, term.parts) };
    }

    // proximity rewards parts that stand close together, as in 添付されたファイル for 添付ファイル.
    proximity(d, parts) {
      if (parts.every((p) => p.alts.some((a) => occurs(d.cap, a)))) return 3;
      const lists = parts.map((p) => p.alts.flatMap((a) => hits(d.body, a, 20)));
      if (lists.some((l) => l.length === 0)) return 0;
      let best = Infinity;
      // the smallest window holding one occurrence of every part, anchored at each occurrence of the first
      for (const [s0, e0] of lists[0]) {
        let lo = s0;
        let hi = e0;
        for (const l of lists.slice(1)) {
          let bestD = Infinity;
          let pick = null;
          for (const [s, e] of l) {
            const dd = Math.max(hi, e) - Math.min(lo, s);
            if (dd < bestD) {
              bestD = dd;
              pick = [s, e];
            }
          }
          lo = Math.min(lo, pick[0]);
          hi = Math.max(hi, pick[1]);
        }
        best = Math.min(best, hi - lo);
      }
      const len = parts.reduce((n, p) => n + p.alts[0].key.length, 0);
      if (best <= len + 8) return 2;
      if (best <= len + 30) return 1;
      return 0;
    }

    // search returns the ranked results for query, within the filters: std ("04", "00") and control
    // ("A9.4.2"). The results are the articles with every term, or when there are none, those with some
    // (most terms first); then those with the whole query as one phrase, then those with more terms as typed
    // (not only their parts), then by score, which weighs a caption above the body; ties keep the
    // handbook's order. When no article has every term as typed, fallback says what the results are instead.
    search(query, filters) {
      const f = filters || {};
      const q = this.parse(query);
      const pool = this.docs.filter((d) => (!f.std || d.std.n === f.std) && (!f.control || d.controls.includes(f.control)));
      if (q.terms.length === 0) {
        const listed = f.std || f.control ? pool : [];
        return { query: q, results: listed.map((d) => ({ doc: d, score: 0, kinds: [] })), partial: [], missing: [], fallback: null };
      }
      // a term found nowhere between words is looked for inside words too (ボックス in メールボックス)
      for (const t of q.terms) {
        if (!pool.some((d) => this.matchTerm(d, t).kind !== 'none')) loosen(t);
      }
      const results = [];
      for (const d of pool) {
        let matched = 0;
        let exact = 0;
        let score = 0;
        const kinds = [];
        for (const t of q.terms) {
          const m = this.matchTerm(d, t);
          kinds.push(m.kind);
          score += m.score;
          if (m.kind !== 'none') matched++;
          if (m.kind === 'exact' || m.kind === 'synonym') exact++;
        }
        if (matched === 0) continue;
        const phrase = q.phrase && (occurs(d.cap, q.phrase) || occurs(d.body, q.phrase)) ? 1 : 0;
        results.push({ doc: d, matched, phrase, exact, score, kinds });
      }
      results.sort((a, b) => b.matched - a.matched || b.phrase - a.phrase || b.exact - a.exact || b.score - a.score || a.doc.i - b.doc.i);
      // articles with some of the terms are results only when none has them all; otherwise the page offers
      // them (partial) on request
      const all = results.filter((r) => r.matched === q.terms.length);
      const shown = all.length > 0 ? all : results;
      const fallback = this.fallback(q, shown);
      return { query: q, results: shown, partial: all.length > 0 ? results.slice(all.length) : [], missing: fallback ? fallback.missing : [], fallback };
    }

    // fallback describes results of which none has every term as typed: null when one does, or when there are
    // no results. missing are the terms no article has in any form; inWord the terms found only inside longer
    // words; synonyms the terms found only as a word of the same meaning; parts the terms found only in pieces
    // (with the pieces); apart is true when every term occurs as typed, but never all in one article.
    fallback(q, results) {
      if (results.length === 0 || results.some((r) => r.kinds.every((k) => k === 'exact'))) return null;
      const found = (ti, kind) => results.some((r) => r.kinds[ti] === kind);
      const out = { missing: [], synonyms: [], parts: [], inWord: [], apart: false };
      q.terms.forEach((t, ti) => {
        if (found(ti, 'exact')) return;
        if (found(ti, 'inword')) out.inWord.push(t.raw);
        else if (found(ti, 'synonym')) out.synonyms.push(t.raw);
        else if (found(ti, 'parts')) out.parts.push({ term: t.raw, parts: t.parts.map((p) => this.displayPart(t, p)) });
        else out.missing.push(t.raw);
      });
      out.apart = out.missing.length + out.synonyms.length + out.parts.length + out.inWord.length === 0;
      return out;
    }

    // snippet returns about width characters of the article's text around its best match, as runs of
    // {text, mark}. It needs text.json.
    snippet(result, query, width) {
      const d = result.doc;
      const w = width || 90;
      const body = this.text.body[d.i];
      const map = this.text.bmap[d.i];
      const needles = this.needles(query, result);
      const ranges = [];
      for (const n of needles) ranges.push(...hits(d.body, n, 50));
      let centre = -1;
      if (query.phrase) centre = (hits(d.body, query.phrase, 1)[0] || [-1])[0];
      if (centre < 0 && ranges.length > 0) centre = densest(ranges, 60);
      let start = 0;
      if (centre >= 0) {
        const o = origin(map, centre);
        start = Math.max(0, o - Math.floor(w / 4));
        const nl = body.lastIndexOf('\n', o);
        if (nl >= start - w / 2 && nl < o) start = nl + 1;
      }
      let end = Math.min(body.length, start + w);
      const marks = ranges.map(([s, e]) => markRange(body, map, d.body.n.length, s, e));
      for (const [s, e] of marks) if (s < end && e > end) end = e; // never cut a highlight
      return runs(body, start, end, marks);
    }

    // caption returns the article's caption as runs, matches marked.
    caption(result, query) {
      const d = result.doc;
      const map = this.text ? this.text.cmap[d.i] : [];
      const marks = [];
      for (const n of this.needles(query, result)) {
        for (const [s, e] of hits(d.cap, n, 10)) marks.push(markRange(d.caption, map, d.cap.n.length, s, e));
      }
      return runs(d.caption, 0, d.caption.length, marks);
    }

    // needles lists what to highlight: each term, its synonyms, and the parts of a term found only by them.
    needles(query, result) {
      const out = [];
      query.terms.forEach((t, i) => {
        const kind = result.kinds ? result.kinds[i] : 'exact';
        if (kind === 'parts') {
          for (const p of t.parts) out.push(...p.alts);
        } else {
          out.push(...t.alts);
        }
      });
      return out.filter((n) => n.key !== '');
    }

    // suggest offers other searches when a query finds nothing: the parts of its terms that do occur (with
    // how many articles have them) and captions that look like it.
    suggest(query) {
      const out = [];
      const seen = new Set();
      const add = (text, count) => {
        const key = this.normalize(text);
        if (seen.has(key) || key === '' || out.length >= 6) return;
        seen.add(key);
        out.push({ query: text, count });
      };
      for (const t of query.terms) {
        for (const p of t.parts) {
          const n = this.docs.filter((d) => p.alts.some((a) => this.fieldScore(d, a) > 0)).length;
          if (n > 0) add(this.displayPart(t, p), n);
        }
      }
      const qb = bigrams(foldKana(query.terms.map((t) => t.norm).join('')));
      if (qb.size > 0) {
        const scored = this.docs
          .filter((d) => d.caption !== '')
          .map((d) => ({ d, s: dice(qb, bigrams(d.cap.f)) }))
          .filter((x) => x.s >= 0.3)
          .sort((a, b) => b.s - a.s);
        for (const x of scored) add(x.d.caption, null);
      }
      return out;
    }

    // displayPart finds how the user wrote a part, so a suggestion reads as typed.
    displayPart(term, part) {
      return recoverTyped(term.raw, part.alts[0].text, this);
    }

    // url is the article's address relative to the site root ("standards/04/#art-13").
    url(d) {
      return d.std.url.replace(/^\//, '') + '#art-' + d.number;
    }

    // label is how the article is named in a result: 【04】第13条, or 方針 取組み3.
    label(d) {
      return d.std.n === '00' ? '方針 取組み' + d.number : d.std.label + '第' + d.number + '条';
    }
  }

  // loosen lets a term match inside longer katakana words, for when it occurs nowhere else.
  function loosen(term) {
    const loose = (alts) => alts.map((a) => ({ ...a, loose: true }));
    term.loose = true;
    term.alts = loose(term.alts);
    for (const p of term.parts) p.alts = loose(p.alts);
  }

  // markRange maps the normalised range [s, e) to the original text. The end is where the next normalised
  // character came from, so it takes in what normalisation dropped after the match (the ー of サーバー, the
  // okurigana of 持ち出し); white space it would take in too is left out.
  function markRange(original, map, normLen, s, e) {
    const from = origin(map, s);
    let to = e >= normLen ? original.length : origin(map, e);
    while (to > from && /\s/.test(original[to - 1])) to--;
    return [from, to];
  }

  // recoverTyped returns the shortest stretch of what the user typed that normalises to part, or part.
  function recoverTyped(raw, part, searcher) {
    const chars = Array.from(raw);
    for (let len = 1; len <= chars.length; len++) {
      for (let i = 0; i + len <= chars.length; i++) {
        const s = chars.slice(i, i + len).join('');
        if (searcher.normalize(s) === part) return s;
      }
    }
    return part;
  }

  // densest returns the start of the range that has the most other ranges within span after it.
  function densest(ranges, span) {
    let best = ranges[0][0];
    let bestN = -1;
    for (const [s] of ranges) {
      const n = ranges.filter(([t]) => t >= s && t < s + span).length;
      if (n > bestN || (n === bestN && s < best)) {
        best = s;
        bestN = n;
      }
    }
    return best;
  }

  // runs cuts text[start:end] into {text, mark} pieces, marking the union of marks.
  function runs(text, start, end, marks) {
    const inside = new Uint8Array(end - start);
    for (const [s, e] of marks) {
      for (let i = Math.max(s, start); i < Math.min(e, end); i++) inside[i - start] = 1;
    }
    const out = [];
    for (let i = start; i < end;) {
      let j = i;
      while (j < end && inside[j - start] === inside[i - start]) j++;
      out.push({ text: text.slice(i, j).replace(/\s+/g, ' '), mark: inside[i - start] === 1 });
      i = j;
    }
    // the ellipses stay outside any highlight
    if (start > 0) out.unshift({ text: '…', mark: false });
    if (end < text.length) out.push({ text: '…', mark: false });
    return out;
  }

  function bigrams(s) {
    const cps = Array.from(s);
    const out = new Set();
    for (let i = 0; i + 1 < cps.length; i++) out.add(cps[i] + cps[i + 1]);
    return out;
  }

  function dice(a, b) {
    if (a.size === 0 || b.size === 0) return 0;
    let n = 0;
    for (const x of a) if (b.has(x)) n++;
    return (2 * n) / (a.size + b.size);
  }

  // compareControls orders A5.1.1 < A5.1.2 < A18.1.1 by number, not by text.
  function compareControls(a, b) {
    const pa = a.replace(/^A/i, '').split('.').map(Number);
    const pb = b.replace(/^A/i, '').split('.').map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const d = (pa[i] || 0) - (pb[i] || 0);
      if (d !== 0) return d;
    }
    return 0;
  }

  return { FORMAT_VERSION, Normalizer, Searcher, splitParts, origin, compareControls };
});
