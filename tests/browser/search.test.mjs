// Search in the browser, from file://: theme/search.js must tokenize the
// shared cases exactly as src/search/tokenize.rs does, and search.html must
// return the same hits in the same order as `handbook search` for every
// shared query (synonyms, shortcuts and page ranks included); plus the
// page's behaviour (highlight, nothing-found message, arrow keys, no request
// outside the folder) and the header box on every page: results as you
// type, the index loaded only when the box is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import { launch, resolveSite, walkHtml } from './chromium.mjs';

const BIN = path.resolve(process.env.HANDBOOK_BIN || 'target/debug/handbook');
const lines = (file) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

function loadScript() {
  const ctx = { globalThis: {} };
  ctx.globalThis = ctx;
  vm.runInNewContext(fs.readFileSync('theme/search.js', 'utf8'), ctx);
  return ctx.HandbookSearch;
}

test('search.js tokenizes the shared cases as the generator does', () => {
  const s = loadScript();
  const cases = lines('tests/search/tokenize.tsv');
  assert.ok(cases.length >= 15);
  for (const line of cases) {
    const [input, normalized, toks] = line.split('\t');
    assert.equal(s.normalize(input), normalized, `normalize(${input})`);
    assert.deepEqual(Array.from(s.tokens(normalized)), toks.split(' ').filter(Boolean), `tokens(${normalized})`);
  }
});

test('search.html gives the same hits as handbook search, from file://', { timeout: 180_000 }, async () => {
  assert.ok(fs.existsSync(BIN), `no ${BIN}: build it first (cargo build)`);
  const site = resolveSite();
  const queries = lines('tests/search/queries.txt');
  const { context, userDataDir } = await launch();
  const outside = [];
  const problems = [];
  try {
    const page = await context.newPage();
    page.on('request', (r) => { if (!r.url().startsWith('file:')) outside.push(r.url()); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    for (const q of queries) {
      const expected = execFileSync(BIN, ['search', '--root', '.', '--json', '--limit', '50', q], {
        encoding: 'utf8',
        env: { ...process.env, SOURCE_DATE_EPOCH: '1795132800' },
      }).split('\n').filter(Boolean).map((l) => JSON.parse(l).url);
      await page.goto(pathToFileURL(path.join(site, 'search.html')).href + '?q=' + encodeURIComponent(q));
      await page.waitForSelector('body[data-search-ready]');
      const got = await page.$$eval('#search-results a.result-link', (as) => as.map((a) => a.getAttribute('href')));
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        problems.push(`「${q}」: browser ${JSON.stringify(got.slice(0, 5))}… vs Rust ${JSON.stringify(expected.slice(0, 5))}… (${got.length} vs ${expected.length})`);
      }
      const status = await page.$eval('#search-status', (e) => e.textContent);
      if (!expected.length && !status.includes('見つかりませんでした')) problems.push(`「${q}」: no nothing-found message`);
      if (expected.length && !status.includes(`${expected.length} 件`)) problems.push(`「${q}」: status says ${status}`);
    }
    // A hit is highlighted, and the arrow keys walk the results.
    await page.goto(pathToFileURL(path.join(site, 'search.html')).href + '?q=' + encodeURIComponent('バックアップ'));
    await page.waitForSelector('body[data-search-ready]');
    const marks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
    assert.ok(marks.includes('バックアップ'), `marks: ${marks.slice(0, 5)}`);
    await page.focus('#search-q');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement.closest('li')?.dataset.rank);
    assert.equal(focused, '1', 'two presses of ↓ reach the second result');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q');
    // Typing searches again; the header box on another page leads here.
    await page.fill('#search-q', '連絡体制');
    await page.waitForFunction(() => document.querySelector('#search-status').textContent.includes('件'));
    await page.goto(pathToFileURL(path.join(site, 'regulations', 'medical-info-safety.html')).href);
    await page.fill('.site-search input', '第１５条');
    await page.press('.site-search input', 'Enter');
    await page.waitForSelector('body[data-search-ready]');
    const first = await page.$eval('#search-results a.result-link', (a) => a.getAttribute('href'));
    assert.equal(first, 'regulations/medical-info-safety.html#art-15');
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(outside, [], 'requests outside the folder');
});

const hits = (q, limit = 50) => execFileSync(BIN, ['search', '--root', '.', '--json', '--limit', String(limit), q], {
  encoding: 'utf8',
  env: { ...process.env, SOURCE_DATE_EPOCH: '1795132800' },
}).split('\n').filter(Boolean).map((l) => JSON.parse(l).url);

test('the header box on every page shows 緊急時対応 first for ランサムウェア as it is typed, as handbook search does', { timeout: 300_000 }, async () => {
  assert.ok(fs.existsSync(BIN), `no ${BIN}: build it first (cargo build)`);
  const site = resolveSite();
  const expected = hits('ランサムウェア', 1);
  assert.deepEqual(expected, ['incident.html'], 'handbook search does not put 緊急時対応 first');
  // Every page with the site header (the print documents have none).
  const pages = walkHtml(site).filter((f) => /class="site-search"/.test(fs.readFileSync(f, 'utf8'))).sort();
  assert.ok(pages.length > 30, `only ${pages.length} pages with a search box`);
  const { context, userDataDir } = await launch();
  const problems = [];
  try {
    const page = await context.newPage();
    const requested = [];
    page.on('request', (r) => requested.push(r.url()));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    for (const file of pages) {
      const rel = path.relative(site, file);
      const root = path.relative(path.dirname(file), site);
      requested.length = 0;
      await page.goto(pathToFileURL(file).href);
      const early = requested.some((u) => u.endsWith('/search-index.js'));
      if (!rel.startsWith('search.html') && early) problems.push(`${rel}: search-index.js loaded before the box was used`);
      await page.click('.site-search input');
      await page.keyboard.type('ランサムウェア');
      await page.waitForSelector('.site-search[data-query="ランサムウェア"]', { timeout: 10_000 }).catch(() => {});
      const first = await page.$eval('.site-search .search-dropdown', (d) => {
        const a = d.querySelector('a.result-link');
        return a && { href: a.getAttribute('href'), title: a.querySelector('.result-title').textContent, shown: !d.hidden };
      }).catch(() => null);
      const want = (root ? root + '/' : '') + expected[0];
      if (!first) problems.push(`${rel}: no results under the box`);
      else if (first.href !== want || first.title !== '緊急時対応' || !first.shown) problems.push(`${rel}: first result ${JSON.stringify(first)}, not ${want}`);
    }
    // Keyboard: ↓ into the list, Enter opens the result.
    await page.goto(pathToFileURL(path.join(site, 'training.html')).href);
    await page.click('.site-search input');
    await page.keyboard.type('電カル');
    await page.waitForSelector('.site-search[data-query="電カル"]');
    const box = await page.$$eval('.site-search .search-dropdown a.result-link', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(box, hits('電カル', box.length), 'the header box and handbook search disagree on 電カル');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), box[1], '↓↓ reaches the second result');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.href.endsWith(box[0]));
    // Esc closes the list; Enter in the box opens the search page.
    await page.goto(pathToFileURL(path.join(site, 'contacts.html')).href);
    await page.click('.site-search input');
    await page.keyboard.type('BCP');
    await page.waitForSelector('.site-search[data-query="BCP"]');
    await page.keyboard.press('Escape');
    assert.equal(await page.$eval('.site-search .search-dropdown', (d) => d.hidden), true, 'Esc leaves the list open');
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-search-ready]');
    assert.ok(page.url().includes('search.html?q=BCP'), page.url());
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  assert.deepEqual(problems, []);
});

test('on a phone a tap on a result under the header box opens it', { timeout: 60_000 }, async () => {
  const site = resolveSite();
  const { context, userDataDir } = await launch({ contextOptions: { hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } } });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(site, 'regulations', 'index.html')).href);
    await page.tap('.site-search input');
    await page.keyboard.type('身代金');
    await page.waitForSelector('.site-search[data-query="身代金"]');
    await page.tap('.site-search .search-dropdown a.result-link');
    await page.waitForURL((u) => u.pathname.endsWith('/incident.html'));
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});
