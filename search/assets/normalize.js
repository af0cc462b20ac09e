/*
 * The normal form of package search (normalize.go), applied here to what the user types: the index holds
 * the handbook's text in this form, so both sides must agree character for character. Keep the steps, their
 * order and their character sets identical to normalize.go; testdata/normalize.tsv and bench/parity.js check
 * that they are.
 */
(function (root, factory) {
  'use strict';
  const api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.IsmsNormalize = api;
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // small vowels → large, in both kana (ァィゥェォ, ぁぃぅぇぉ)
  const SMALL_VOWELS = new Map([[0x30a1, 0x30a2], [0x30a3, 0x30a4], [0x30a5, 0x30a6], [0x30a7, 0x30a8], [0x30a9, 0x30aa],
    [0x3041, 0x3042], [0x3043, 0x3044], [0x3045, 0x3046], [0x3047, 0x3048], [0x3049, 0x304a]]);
  const NUMERALS = new Set(Array.from('〇一二三四五六七八九十百千何数', (ch) => ch.codePointAt(0)));
  const COUNTED = new Set(Array.from('月所国年条', (ch) => ch.codePointAt(0)));
  const CHO = 0x30fc; // ー
  const KA = 0x30ab; // カ

  function isSpace(c) {
    switch (c) {
      case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20: case 0x85: case 0xa0: case 0x1680:
      case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000: case 0xfeff:
        return true;
    }
    return c >= 0x2000 && c <= 0x200a;
  }
  const isWide = (c) => c >= 0x2e80;
  const isDigit = (c) => c >= 0x30 && c <= 0x39;
  const isNumeral = (c) => isDigit(c) || NUMERALS.has(c);
  const isKatakana = (c) => c >= 0x30a1 && c <= 0x30fa;
  const isHiragana = (c) => c >= 0x3041 && c <= 0x3096;
  const isKana = (c) => isKatakana(c) || isHiragana(c);
  const isASCIIAlnum = (c) => (c >= 0x61 && c <= 0x7a) || isDigit(c);
  function isDash(c) {
    return c === 0x2d || c === 0x2010 || c === 0x2012 || c === 0x2013 || c === 0x2014 || c === 0x2015 || c === 0x2212;
  }

  function codePoints(s) {
    const out = [];
    for (const ch of s) out.push(ch.codePointAt(0));
    return out;
  }
  function fromCodePoints(cps) {
    let s = '';
    for (const c of cps) s += String.fromCodePoint(c);
    return s;
  }

  class Normalizer {
    // variantPairs is the index's flat list: variant, canonical, variant, canonical, …
    constructor(variantPairs) {
      this.variants = new Map();
      this.maxVariant = 0;
      for (let i = 0; i + 1 < variantPairs.length; i += 2) {
        this.variants.set(variantPairs[i], variantPairs[i + 1]);
        this.maxVariant = Math.max(this.maxVariant, codePoints(variantPairs[i]).length);
      }
    }

    normalize(s) {
      return this.finish(this.prepare(s));
    }

    // prepare applies steps 1–3 (NFKC, ASCII case folding, variants) and returns code points: the query parser
    // splits there, while hiragana still tell particles from words.
    prepare(s) {
      const cps = codePoints(String(s).normalize('NFKC'));
      for (let i = 0; i < cps.length; i++) {
        if (cps[i] >= 0x41 && cps[i] <= 0x5a) cps[i] += 0x20;
      }
      return this.rewriteVariants(cps);
    }

    rewriteVariants(cps) {
      if (this.maxVariant === 0) return cps;
      const out = [];
      for (let i = 0; i < cps.length;) {
        let matched = false;
        for (let l = Math.min(this.maxVariant, cps.length - i); l >= 1; l--) {
          const canon = this.variants.get(fromCodePoints(cps.slice(i, i + l)));
          if (canon === undefined) continue;
          out.push(...codePoints(canon));
          i += l;
          matched = true;
          break;
        }
        if (!matched) out.push(cps[i++]);
      }
      return out;
    }

    // finish applies steps 4–8 and returns the normalised string.
    finish(input) {
      let cps = input.map((c) => SMALL_VOWELS.get(c) || c);
      cps = collapseSpace(cps);
      cps = unifyCounters(cps);
      cps = longVowelMarks(cps);
      cps = controlNotation(cps);
      return fromCodePoints(cps);
    }
  }

  function separates(a, b) {
    const katakanaWord = (c) => isKatakana(c) || c === CHO;
    return (!isWide(a) && !isWide(b)) || (katakanaWord(a) && katakanaWord(b));
  }

  function collapseSpace(cps) {
    const out = [];
    for (let i = 0; i < cps.length;) {
      if (!isSpace(cps[i])) {
        out.push(cps[i++]);
        continue;
      }
      let j = i;
      while (j < cps.length && isSpace(cps[j])) j++;
      if (out.length > 0 && j < cps.length && separates(out[out.length - 1], cps[j])) out.push(0x20);
      i = j;
    }
    return out;
  }

  function unifyCounters(cps) {
    return cps.map((c, i) => {
      if (c === 0x30f6 || c === 0x30f5) return KA; // ヶ ヵ
      if ((c === 0x30b1 || c === 0x7b87 || c === 0x304b) && i > 0 && i + 1 < cps.length && isNumeral(cps[i - 1]) && COUNTED.has(cps[i + 1])) {
        return KA; // ケ 箇 か between a numeral and what it counts
      }
      return c;
    });
  }

  function longVowelMarks(cps) {
    const out = [];
    for (const c of cps) {
      const afterKana = out.length > 0 && (isKana(out[out.length - 1]) || out[out.length - 1] === CHO);
      if (c === CHO && !afterKana) continue;
      out.push(isDash(c) && afterKana ? CHO : c);
    }
    return out;
  }

  // foldKana turns hiragana into katakana, one UTF-16 unit for one, so positions in the folded string are
  // positions in the original: a query typed in hiragana (ぱすわーど) is looked for in text folded this way.
  function foldKana(s) {
    return s.replace(/[\u3041-\u3096]/g, (h) => String.fromCharCode(h.charCodeAt(0) + 0x60));
  }

  function controlNotation(cps) {
    return cps.filter((c, i) => !(c === 0x2e && i > 0 && cps[i - 1] === 0x61 && i + 1 < cps.length && isDigit(cps[i + 1]) &&
      (i < 2 || !isASCIIAlnum(cps[i - 2]))));
  }

  return { Normalizer, isASCIIAlnum, isKatakana, isHiragana, foldKana, CHO };
});
