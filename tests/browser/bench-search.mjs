// Search benchmark (not a test): in headless Chromium from file://, the time
// until search.html can run its first query (the index script loaded and
// parsed), the first query (which also prepares the index), and the median
// and slowest of the shared queries. Prints one line.
//   node tests/browser/bench-search.mjs SITE [RUNS] [QUERIES]
// QUERIES: a file of queries, one per line (default tests/search/queries.txt).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './chromium.mjs';

const [site, runsArg, queryFile] = process.argv.slice(2);
const runs = Number(runsArg || 5);
const queries = fs.readFileSync(queryFile || new URL('../search/queries.txt', import.meta.url), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#'));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const { context, userDataDir } = await launch();
const ready = [];
const first = [];
const each = [];
try {
  const page = await context.newPage();
  for (let r = 0; r < runs; r++) {
    await page.goto(pathToFileURL(path.join(site, 'search.html')).href);
    await page.waitForSelector('body[data-search-ready]');
    const t = await page.evaluate((qs) => {
      const readyAt = Number(document.body.dataset.searchReadyMs);
      const index = window.HANDBOOK_SEARCH;
      const times = qs.map((q) => { const t0 = performance.now(); window.HandbookSearch.search(index, q); return performance.now() - t0; });
      return { readyAt, times };
    }, queries);
    // The page prepares the index on its first (empty) run only lazily, so
    // the first timed query includes preparing it.
    ready.push(t.readyAt);
    first.push(t.times[0]);
    each.push(...t.times.slice(1));
  }
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
const index = fs.readFileSync(path.join(site, 'search-index.js'), 'utf8');
const data = JSON.parse(index.slice(index.indexOf('=') + 1).trim().replace(/;$/, ''));
const textBytes = data.docs.reduce((n, d) => n + Buffer.byteLength(d[3]), 0);
const indexBytes = Buffer.byteLength(index);
console.log(
  `search: index ${(indexBytes / 1024).toFixed(0)} KiB = ${(indexBytes / textBytes).toFixed(2)}× text, ` +
  `${data.docs.length} parts; ready ${median(ready).toFixed(0)} ms; first query ${median(first).toFixed(1)} ms; ` +
  `query median ${median(each).toFixed(1)} ms, max ${Math.max(...each).toFixed(1)} ms`,
);
