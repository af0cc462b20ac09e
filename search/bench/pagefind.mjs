// Indexes the built handbook with Pagefind (npm pagefind; its Node API runs the pagefind_extended binary,
// which segments Japanese, whenever the platform package ships it, as @pagefind/linux-x64 does) and runs
// the test set against it, printing one JSON object like ours.js does, plus the index's size and what a
// first search downloads.
// Usage: node pagefind.mjs <built site dir> <queries.tsv> <output dir> [runs] [precision.tsv]
//
// Pagefind indexes pages; to compare article by article, each <article id="art-N"> of a standard page (and
// each 取組み <li id="art-N"> of the 方針) is given to it as a page of its own, as built, with the URL
// /standards/NN/art-N/. Its search runtime runs here under Node with fetch answered from the output dir, which
// also counts the bytes it asks for.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import * as pagefind from 'pagefind';

const require = createRequire(import.meta.url);
const { readQueries, readQueryColumn, score, median, percentile } = require('./queries.js');

const [site, queriesFile, out, runsArg, precisionFile] = process.argv.slice(2);
if (!site || !queriesFile || !out) {
  console.error('usage: node pagefind.mjs <built site dir> <queries.tsv> <output dir> [runs] [precision.tsv]');
  process.exit(2);
}
const runs = Number(runsArg || 20);

// ---- Index.
const pages = [['00', path.join(site, 'policy', 'index.html'), /<li id="(art-\d+)">[\s\S]*?<\/li>/g]];
for (const nn of fs.readdirSync(path.join(site, 'standards')).filter((d) => /^\d\d$/.test(d)).sort()) {
  pages.push([nn, path.join(site, 'standards', nn, 'index.html'), /<article class="article" id="(art-\d+)"[\s\S]*?<\/article>/g]);
}
const { index, errors } = await pagefind.createIndex({ forceLanguage: 'ja' });
if (errors.length > 0) throw new Error(errors.join('\n'));
let records = 0;
for (const [nn, file, re] of pages) {
  const html = fs.readFileSync(file, 'utf8');
  const base = nn === '00' ? '/policy/' : '/standards/' + nn + '/';
  for (const m of html.matchAll(re)) {
    const res = await index.addHTMLFile({ url: base + m[1] + '/', content: '<html lang="ja"><body>' + m[0] + '</body></html>' });
    if (res.errors.length > 0) throw new Error(file + ' ' + m[1] + ': ' + res.errors.join('\n'));
    records++;
  }
}
fs.rmSync(out, { recursive: true, force: true });
const written = await index.writeFiles({ outputPath: out });
if (written.errors.length > 0) throw new Error(written.errors.join('\n'));
await pagefind.close();

// ---- Sizes. Pagefind's index files are gzip-compressed already; a server's gzip would gain nothing on them,
// so each file counts at the smaller of its size and its gzip size.
const served = (file) => {
  const b = fs.readFileSync(file);
  return Math.min(b.length, zlib.gzipSync(b, { level: 9 }).length);
};
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
const isUI = (f) => /pagefind-(component-|modular-)?ui|pagefind-highlight/.test(path.basename(f));
let indexBytes = 0;
let runtimeBytes = 0;
for (const f of walk(out)) {
  if (isUI(f)) continue;
  if (/\.js$|wasm\./.test(path.basename(f))) runtimeBytes += served(f);
  else indexBytes += served(f);
}

// ---- Search under Node.
let fetchedBytes = 0;
globalThis.fetch = async (input) => {
  const u = new URL(typeof input === 'string' ? input : input.url, 'http://bench.invalid/');
  const file = path.join(out, decodeURIComponent(u.pathname.replace(/^\/pagefind\//, '')));
  const b = fs.readFileSync(file);
  fetchedBytes += served(file);
  return new Response(b, { status: 200 });
};
const pf = await import(path.join(path.resolve(out), 'pagefind.js'));
await pf.options({ basePath: 'http://bench.invalid/pagefind/' });

const idOf = (url) => {
  const m = new URL(url, 'http://bench.invalid/').pathname.match(/^\/(?:standards\/(\d\d)|policy)\/art-(\d+)\/$/);
  return m ? (m[1] || '00') + '-' + m[2] : url;
};
const top = async (q, n) => {
  const res = await pf.search(q);
  const data = await Promise.all(res.results.slice(0, n).map((r) => r.data()));
  return data.map((d) => idOf(d.url));
};
const top5 = (q) => top(q, 5);

const queries = readQueries(queriesFile);
// The first search downloads the runtime and whatever the query needs: measured on the first query of the set.
await pf.init();
await top5(queries[0].query);
const coldBytes = fetchedBytes + served(path.join(out, 'pagefind.js'));

const top5s = [];
for (const q of queries) top5s.push(await top5(q.query));
const ranked = [];
for (const q of precisionFile ? readQueryColumn(precisionFile) : []) ranked.push(await top(q, 10));
const samples = [];
for (let r = 0; r < runs; r++) {
  for (const q of queries) {
    const start = performance.now();
    await top5(q.query);
    samples.push(performance.now() - start);
  }
}
process.stdout.write(JSON.stringify({
  engine: 'pagefind',
  ...score(queries, top5s),
  runs,
  records,
  indexBytes,
  runtimeBytes,
  coldBytes,
  coldQuery: queries[0].query,
  medianMs: median(samples),
  p90Ms: percentile(samples, 90),
  maxMs: Math.max(...samples),
  ranked,
}) + '\n');
