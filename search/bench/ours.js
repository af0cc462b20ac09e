// Runs the test set against the handbook's own search (assets/search.js) over an index written by
// search.WriteIndex, and prints one JSON object: hits, misses, query times in milliseconds and, given the
// precision set, the first ten results of each of its queries (ranked), which the Go side judges.
// Usage: node ours.js <index dir> <queries.tsv> [runs] [precision.tsv]
// A query's time is what the page spends on it: search, then caption and snippet for the first ten results.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { Searcher } = require('../assets/search.js');
const { readQueries, readQueryColumn, score, median, percentile } = require('./queries.js');

const [dir, queriesFile, runsArg, precisionFile] = process.argv.slice(2);
if (!dir || !queriesFile) {
  console.error('usage: node ours.js <index dir> <queries.tsv> [runs] [precision.tsv]');
  process.exit(2);
}
const runs = Number(runsArg || 20);

const t0 = performance.now();
const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
const text = JSON.parse(fs.readFileSync(path.join(dir, 'text.json'), 'utf8'));
const searcher = new Searcher(index, text);
const loadMs = performance.now() - t0;

const queries = readQueries(queriesFile);
const top = (q, n) => searcher.search(q).results.slice(0, n).map((r) => r.doc.id);
const top5s = queries.map((q) => top(q.query, 5));
const ranked = precisionFile ? readQueryColumn(precisionFile).map((q) => top(q, 10)) : [];
const samples = [];
for (let r = 0; r < runs; r++) {
  for (const q of queries) {
    const start = performance.now();
    const res = searcher.search(q.query);
    for (const hit of res.results.slice(0, 10)) {
      searcher.caption(hit, res.query);
      searcher.snippet(hit, res.query, 100);
    }
    samples.push(performance.now() - start);
  }
}
process.stdout.write(JSON.stringify({
  engine: 'isms',
  ...score(queries, top5s),
  runs,
  loadMs,
  medianMs: median(samples),
  p90Ms: percentile(samples, 90),
  maxMs: Math.max(...samples),
  ranked,
}) + '\n');
