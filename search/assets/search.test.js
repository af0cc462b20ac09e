// Tests of the search engine under Node: `node --test search/assets/` (also run by go test ./search).
// They use the index that package search built from its fixture handbook (testdata/fixture, kept in step
// by TestFixtureIndex), and the normalisation cases that the Go tests use too (testdata/normalize.tsv).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Normalizer, Searcher, splitParts, compareControls } = require('./search.js');
const { Words } = require('./match.js');

const testdata = path.join(__dirname, '..', 'testdata');
const index = JSON.parse(fs.readFileSync(path.join(testdata, 'fixture', 'index.json'), 'utf8'));
const text = JSON.parse(fs.readFileSync(path.join(testdata, 'fixture', 'text.json'), 'utf8'));
const searcher = new Searcher(index, text);

// unescape reads the table's escapes exactly as normalize_test.go does: \n \t \\ and \u{XXXX}.
function unescape(s) {
  return s.replace(/\\(n|t|\\|u\{([0-9A-Fa-f]+)\})/g, (m, c, hex) => {
    if (c === 'n') return '\n';
    if (c === 't') return '\t';
    if (c === '\\') return '\\';
    return String.fromCodePoint(parseInt(hex, 16));
  });
}

function normalizeCases() {
  return fs.readFileSync(path.join(testdata, 'normalize.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const cols = l.split('\t');
      assert.equal(cols.length, 3, 'normalize.tsv: ' + l);
      return { name: cols[0], input: unescape(cols[1]), want: unescape(cols[2]) };
    });
}

test('normalize: the cases Go passes', async (t) => {
  const n = new Normalizer(index.variants);
  for (const c of normalizeCases()) {
    await t.test(c.name, () => {
      assert.equal(n.normalize(c.input), c.want);
    });
  }
});

function ids(query, filters) {
  return searcher.search(query, filters).results.map((r) => r.doc.id);
}

// finds runs cases [name, query, the IDs of all its results in order] as subtests.
async function finds(t, cases) {
  for (const [name, query, want] of cases) {
    await t.test(name, () => assert.deepEqual(ids(query), want));
  }
}

function before(list, a, b) {
  assert.ok(list.includes(a), a + ' not found in ' + list.join(' '));
  assert.ok(list.includes(b), b + ' not found in ' + list.join(' '));
  assert.ok(list.indexOf(a) < list.indexOf(b), a + ' should rank before ' + b + ': ' + list.join(' '));
}

test('rank', async (t) => {
  await t.test('CaptionBeforeBody', () => before(ids('パスワード'), '01-2', '01-1'));
  await t.test('ExactBeforeParts', () => {
    const got = ids('添付ファイル');
    assert.equal(got[0], '01-4');
    before(got, '01-4', '01-3');
  });
  await t.test('PartsFindScatteredWords', () => assert.ok(ids('添付ファイル').includes('01-3')));
  await t.test('ExactPhraseBeforeScatteredParts', () => before(ids('情報漏洩'), '02-3', '02-4'));
  await t.test('AllTermsOnly', () => {
    const res = searcher.search('パスワード 秘密');
    assert.deepEqual(res.results.map((r) => r.doc.id), ['01-2']);
    assert.ok(res.partial.map((r) => r.doc.id).includes('01-1'), 'the article with パスワード alone is offered');
  });
  await t.test('MostTermsFirstWhenNoneHasAll', () => before(ids('パスワード 暗号化 鍵'), '02-3', '01-2'));
  await t.test('PhraseBeforeScatteredTerms', () => before(ids('暗号化 鍵'), '02-3', '02-4'));
  await t.test('SomeTermsStillFound', () => {
    const res = searcher.search('パスワード ぬりかべ');
    assert.deepEqual(res.missing, ['ぬりかべ']);
    assert.ok(res.results.map((r) => r.doc.id).includes('01-2'));
  });
  await t.test('SynonymBelowTerm', () => before(ids('パソコン'), '01-2', '01-1'));
  await t.test('TiesKeepHandbookOrder', () => before(ids('許可'), '01-5', '02-1'));
});

test('match', async (t) => {
  const cases = [
    ['Okurigana', '持ち出し', ['01-5', '02-2']],
    ['OkuriganaShort', '持出', ['01-5', '02-2']],
    ['FullWidth', 'ＵＳＢ', ['01-5']],
    ['HalfWidthToFull', 'usbメモリ', ['01-5']],
    ['Hiragana', 'ぱすわーど', ['01-2']],
    ['LongVowel', 'サーバ', ['02-1']],
    ['Counter', '3か月', ['01-5']],
    ['SpaceJapaneseLatin', '無線LAN', ['02-1']],
    ['KanaSpelling', '漏えい', ['02-3', '02-4']],
    ['Synonym', 'PC', ['01-2']],
    ['SynonymUSB', '記録媒体', ['01-5']],
    ['ArticleNumber', '第2条', ['01-2', '02-2']],
    ['StandardAndArticle', '【02】第2条', ['02-2']],
    ['ArticleID', '01-4', ['01-4']],
    ['Control', 'A9.3.1', ['01-2']],
    ['ControlISONotation', 'A.9.3.1', ['01-2']],
    ['ControlPrefix', 'A13', ['01-4', '02-1']],
    ['Policy', '委員会', ['00-1']],
    ['DefinitionWithoutMarkup', 'ログ (log)', ['01-5']],
  ];
  for (const [name, query, want] of cases) {
    await t.test(name, () => {
      const got = ids(query);
      for (const id of want) assert.ok(got.slice(0, 5).includes(id), query + ': ' + id + ' not in top 5 of ' + got.join(' '));
    });
  }
  await t.test('NotFound', () => assert.deepEqual(ids('ぬりかべ'), []));
  await t.test('EmptyQuery', () => assert.deepEqual(ids('  　 '), []));
  await t.test('OnlyLongVowel', () => assert.deepEqual(ids('ー'), []));
  await t.test('VeryLongQuery', () => assert.ok(Array.isArray(ids('パスワード'.repeat(500)))));
  await t.test('ManyTerms', () => assert.equal(searcher.parse('a b c d e f g h i j k').terms.length, 8));
});

// A loanword matches only itself, never the kana of other words that folding and a dropped ー would make
// of it (メール → める in 定める, キー → き in 基づき); a final ー stays optional at the end of a katakana word.
test('kana', async (t) => {
  await finds(t, [
    ['LoanwordNotInOkurigana', 'メール', ['02-5']],
    ['ShortLoanwordNotInOtherWords', 'キー', ['02-5']], // not 基づき, nor the セキュリティ of 00-1
    ['HiraganaLoanword', 'きー', ['02-5']],
    ['HiraganaQueryFindsKatakana', 'めーる', ['02-5']],
    ['FinalLongVowelOptional', 'サーバー', ['02-1', '02-5']],
    ['FinalLongVowelPresent', 'サーバ', ['02-1', '02-5']],
    ['HiraganaText', 'さだめる', []],
    ['HiraganaAsTyped', '基づき', ['02-5']],
  ]);
  await t.test('MarksTheWordWithoutItsFinalLongVowel', () => {
    const res = searcher.search('サーバー');
    const r = res.results.find((x) => x.doc.id === '02-5');
    assert.deepEqual(marked(searcher.snippet(r, res.query, 100)), ['サーバ']);
  });
});

// Inside a run of katakana, a term matches only between words the handbook writes on their own.
test('words', async (t) => {
  const words = new Words(['アクセスの記録、メールとアドレス。ログを取る。', 'アクセスログ、ログイン、メールアドレス、メモリ']);
  const at = (text, term) => words.aligned(text, text.indexOf(term), text.indexOf(term) + term.length);
  const cases = [
    ['WholeRun', 'ログを取る', 'ログ', true],
    ['LastWord', 'アクセスログ', 'ログ', true],
    ['FirstWord', 'メールアドレス', 'メール', true],
    ['NotAWordAfter', 'ログイン', 'ログ', false],
    ['NotAWordBefore', 'メモリ', 'モリ', false],
    ['OneKanaIsNoWord', 'セキュリティ', 'キ', false],
    ['AfterKanji', '電子メール', 'メール', true],
  ];
  for (const [name, text, term, want] of cases) {
    await t.test(name, () => assert.equal(at(text, term), want));
  }
  await t.test('LoosenedWhenNowhereElse', () => {
    const res = searcher.search('モリ');
    assert.deepEqual(res.results.map((r) => r.doc.id), ['01-5']);
    assert.deepEqual(res.fallback.inWord, ['モリ']);
  });
  await t.test('NotLoosenedWhenFoundAsAWord', () => assert.deepEqual(ids('メール'), ['02-5']));
});

// The 2022 numbers of the 2013 controls an article cites: whole numbers, never the start of another.
test('controls2022', async (t) => {
  await finds(t, [
    ['Number', '5.17', ['01-2']],
    ['AnnexNotation', 'A.5.14', ['01-4', '02-1']],
    ['WithoutDot', 'A5.14', ['01-4', '02-1']],
    ['Merged', 'A.7.10', ['01-5', '02-2']],
    ['NotAPrefix', 'A.5.1', []],
    ['FullWidth', '８．７', ['01-3']],
  ]);
  await t.test('KeptForDisplay', () => assert.deepEqual(searcher.docs.find((d) => d.id === '02-2').controls2022, ['5.13', '7.10']));
});

// When no article has the query as typed, the result says what it shows instead.
test('fallback', async (t) => {
  await t.test('NoneWhenExact', () => assert.equal(searcher.search('パスワード 秘密').fallback, null));
  await t.test('NoneWhenNothing', () => assert.equal(searcher.search('ぬりかべ').fallback, null));
  await t.test('MissingTerm', () => {
    const fb = searcher.search('パスワード ぬりかべ').fallback;
    assert.deepEqual(fb, { missing: ['ぬりかべ'], synonyms: [], parts: [], inWord: [], apart: false });
  });
  await t.test('Parts', () => {
    const fb = searcher.search('差出人ファイル').fallback;
    assert.deepEqual(fb, { missing: [], synonyms: [], parts: [{ term: '差出人ファイル', parts: ['差出人', 'ファイル'] }], inWord: [], apart: false });
  });
  await t.test('Synonyms', () => {
    const fb = searcher.search('PC').fallback;
    assert.deepEqual(fb, { missing: [], synonyms: ['PC'], parts: [], inWord: [], apart: false });
  });
  await t.test('TermsApart', () => {
    const fb = searcher.search('添付 サーバー').fallback;
    assert.deepEqual(fb, { missing: [], synonyms: [], parts: [], inWord: [], apart: true });
  });
});

test('filters', async (t) => {
  await t.test('Standard', () => assert.deepEqual(ids('許可', { std: '02' }), ['02-1', '02-2']));
  await t.test('Control', () => assert.deepEqual(ids('許可', { control: 'A8.2.2' }), ['02-2']));
  await t.test('EmptyQueryListsFiltered', () => assert.deepEqual(ids('', { control: 'A13.2.1' }), ['01-4', '02-1']));
  await t.test('UnknownStandard', () => assert.deepEqual(ids('許可', { std: '99' }), []));
  await t.test('ControlsSortedByNumber', () => {
    assert.deepEqual(['A12.2.1', 'A8.3.1', 'A9.3.1', 'A11.2.5'].sort(compareControls), ['A8.3.1', 'A9.3.1', 'A11.2.5', 'A12.2.1']);
    assert.deepEqual(searcher.controls.slice(0, 2), ['A8.2.2', 'A8.3.1']);
  });
});

function marked(runs) {
  return runs.filter((r) => r.mark).map((r) => r.text);
}

test('snippet', async (t) => {
  const first = (query) => {
    const res = searcher.search(query);
    return { q: res.query, r: res.results[0] };
  };
  await t.test('MarksTheTextAsWritten', () => {
    const { q, r } = first('サーバ');
    assert.deepEqual(marked(searcher.snippet(r, q, 100)), ['サーバー']);
  });
  await t.test('MarksOkurigana', () => {
    const res = searcher.search('持出');
    const r = res.results.find((x) => x.doc.id === '01-5');
    assert.deepEqual(marked(searcher.snippet(r, res.query, 100)), ['持ち出し']);
  });
  await t.test('MarksFullWidthAndSynonyms', () => {
    const { q, r } = first('usbメモリ');
    assert.deepEqual(marked(searcher.snippet(r, q, 100)), ['ＵＳＢメモリ', '記録媒体']);
  });
  await t.test('MarksParts', () => {
    const res = searcher.search('添付ファイル');
    const r = res.results.find((x) => x.doc.id === '01-3');
    assert.deepEqual(marked(searcher.snippet(r, res.query, 100)), ['添付', 'ファイル']);
  });
  await t.test('MarksCaption', () => {
    const { q, r } = first('パスワード');
    assert.deepEqual(marked(searcher.caption(r, q)), ['パスワード']);
  });
  await t.test('NoMarkupInText', () => {
    const res = searcher.search('記録のこと');
    const s = searcher.snippet(res.results[0], res.query, 200).map((x) => x.text).join('');
    assert.ok(!s.includes('**') && !s.includes('<br>'), s);
  });
  await t.test('Width', () => {
    const { q, r } = first('情報漏洩');
    const s = searcher.snippet(r, q, 10).map((x) => x.text).join('');
    assert.ok(s.length <= 12, s);
  });
});

test('suggest', async (t) => {
  await t.test('PartsThatOccur', () => {
    const res = searcher.search('ファイル送信手順書');
    assert.equal(res.results.length, 0);
    const got = searcher.suggest(res.query).map((s) => s.query);
    assert.ok(got.includes('ファイル'), got.join(' '));
  });
  await t.test('SimilarCaptions', () => {
    const q = searcher.parse('記録媒体管理手順');
    assert.ok(searcher.suggest(q).some((s) => s.query === '記録媒体の管理'));
  });
});

test('splitParts', async (t) => {
  const n = new Normalizer(index.variants);
  const parts = (s) => splitParts(n.prepare(s)).map((p) => n.finish(p));
  const cases = [
    ['KanjiKatakana', '添付ファイル', ['添付', 'フアイル']],
    ['LongVowelKept', 'サーバー室', ['サーバー室']],
    ['ParticlesDropped', 'パソコンを持ち出す', ['パソコン', '持出']],
    ['LongKanjiInPairs', '個人情報保護', ['個人', '情報', '保護']],
    ['OddKanjiRun', '情報処理施設等', ['情報', '処理', '施設等']],
    ['LatinWithKatakana', 'USBメモリの紛失', ['usbメモリ', '紛失']],
    ['OneCharacterJoined', '第16条', ['第16条']],
    ['Control', 'A9.4.2の管理', ['a9.4.2', '管理']],
    ['OnlyHiragana', 'ぱすわーど', ['ぱすわーど']],
  ];
  for (const [name, input, want] of cases) {
    await t.test(name, () => assert.deepEqual(parts(input), want));
  }
});

test('index', async (t) => {
  await t.test('ErrVersion', () => assert.throws(() => new Searcher({ ...index, v: 99 }, text)));
  await t.test('ErrTextVersion', () => assert.throws(() => new Searcher(index, { ...text, v: 99 })));
  await t.test('ErrMissing', () => assert.throws(() => new Searcher(null, null)));
  await t.test('URL', () => {
    const d = searcher.docs.find((x) => x.id === '02-4');
    assert.equal(searcher.url(d), 'standards/02/#art-4');
    assert.equal(searcher.label(d), '【02】第4条');
    assert.equal(searcher.label(searcher.docs[0]), '方針 取組み1');
    assert.equal(searcher.url(searcher.docs[0]), 'policy/#art-1');
  });
});
