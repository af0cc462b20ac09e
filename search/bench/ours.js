// Runs the test set against the handbook's own search (assets/search.js) over an index written by
// search.WriteIndex, and prints one JSON object: hits, misses, and query times in milliseconds.
// Usage: node ours.js <index dir> <queries.tsv> [runs]
// A query's time is what the page spends on it: search, then caption and snippet for the first ten results.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { Searcher } = require('../assets/search.js');
const { readQueries, score, median, percentile } = require('./queries.js');

const [dir, queriesFile, runsArg] = process.argv.slice(2);
if (!dir || !queriesFile) {
  console.error('usage: node ours.js <index dir> <queries.tsv> [runs]');
  process.exit(2);
}
const runs = Number(runsArg || 20);

const t0 = performance.now();
const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
const text = JSON.parse(fs.readFileSync(path.join(dir, 'text.json'), 'utf8'));
const searcher = new Searcher(index, text);
const loadMs = performance.now() - t0;

const queries = readQueries(queriesFile);
const top5s = queries.map((q) => searcher.search(q.query).results.slice(0, 5).map((r) => r.doc.id));
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
}) + '\n');
