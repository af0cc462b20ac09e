// Reads the search test sets: testdata/queries.tsv (query, the IDs that must all be in the top 5, a note) and
// the queries of testdata/precision.tsv.
'use strict';

const fs = require('node:fs');

function readQueries(file) {
  const out = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line === '' || line.startsWith('#')) return;
    const cols = line.split('\t');
    if (cols.length < 2 || cols[0] === '' || cols[1].trim() === '') {
      throw new Error(file + ':' + (i + 1) + ': want query<TAB>IDs<TAB>note');
    }
    out.push({ query: cols[0], want: cols[1].trim().split(/\s+/), note: cols[2] || '' });
  });
  return out;
}

// readQueryColumn reads the queries of another set of the same layout (testdata/precision.tsv), whose other
// columns the Go side judges.
function readQueryColumn(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split('\t')[0]);
}

// score compares each query's top 5 with what it must find; every listed ID must be there. It also counts
// the queries whose note does not say they rely on a synonym, since only this search has a synonym table.
function score(queries, top5s) {
  const misses = [];
  let plain = 0;
  let plainHits = 0;
  queries.forEach((q, i) => {
    const hit = q.want.every((id) => top5s[i].includes(id));
    if (!hit) misses.push({ query: q.query, want: q.want, got: top5s[i] });
    if (!/synonym/.test(q.note)) {
      plain++;
      if (hit) plainHits++;
    }
  });
  return { queries: queries.length, hits: queries.length - misses.length, misses, plainQueries: plain, plainHits };
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function percentile(xs, p) {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

module.exports = { readQueries, readQueryColumn, score, median, percentile };
