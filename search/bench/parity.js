// Checks that the script's normaliser turns every article of an index as published (text.json) into exactly
// what Go stored (index.json): the strongest form of "the same normalisation on both sides".
// Usage: node parity.js <index dir>; prints {docs, fields, mismatches: [{id, field, at, go, js}]}.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { Normalizer } = require('../assets/search.js');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node parity.js <index dir>');
  process.exit(2);
}
const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
const text = JSON.parse(fs.readFileSync(path.join(dir, 'text.json'), 'utf8'));
const n = new Normalizer(index.variants);

const mismatches = [];
let fields = 0;
const check = (id, field, original, stored) => {
  fields++;
  const got = n.normalize(original);
  if (got === stored) return;
  let at = 0;
  while (at < got.length && got[at] === stored[at]) at++;
  mismatches.push({ id, field, at, go: stored.slice(Math.max(0, at - 10), at + 10), js: got.slice(Math.max(0, at - 10), at + 10) });
};
index.docs.forEach((d, i) => {
  const id = index.stds[d.s].n + '-' + d.n;
  check(id, 'body', text.body[i], d.nbody);
  check(id, 'caption', d.cap, d.ncap);
});
index.stds.forEach((s) => check(s.n, 'title', s.title, s.ntitle));
process.stdout.write(JSON.stringify({ docs: index.docs.length, fields, mismatches }) + '\n');
