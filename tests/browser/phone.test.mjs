// Reading on a phone, from file:// at 390 px: every page of the built site
// fits the screen and no table squeezes a column below four characters;
// the header stays in reach; the menu is a drawer; a regulation's 目次 is
// closed; the contact chart is drawn top to bottom with its conditions on
// the arrows. And at 1280 px the menu is a sidebar, the contents open, the
// page ends with next/previous links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, resolveSite, walkHtml } from './chromium.mjs';

const PHONE = { width: 390, height: 844 };
const WIDE = { width: 1280, height: 900 };

/**
 * In the page: table cells whose text wraps in a column narrower than four
 * characters of its own size (a cell whose text fits one line may be
 * narrower: ◎, 済, No.). Hidden cells and print-only ones are left out.
 */
function narrowCells() {
  const out = [];
  for (const cell of document.querySelectorAll('td, th')) {
    if (!cell.getClientRects().length || cell.closest('.print-only')) continue;
    const text = cell.textContent.replace(/\s+/g, '');
    if (!text) continue;
    const style = getComputedStyle(cell);
    if (style.visibility === 'hidden') continue;
    const font = parseFloat(style.fontSize);
    const width = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (width >= 4 * font) continue;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top).sort((a, b) => a - b);
    let lines = tops.length ? 1 : 0;
    for (let i = 1; i < tops.length; i++) if (tops[i] - tops[i - 1] > font * 0.6) lines++;
    if (lines > 1) out.push(`${cell.tagName.toLowerCase()} 「${text.slice(0, 12)}」 ${Math.round(width)} px wide, font ${font} px, ${lines} lines`);
  }
  return out;
}

test('at 390 px every page fits the screen and no table column is narrower than four characters', { timeout: 300_000 }, async () => {
  const site = resolveSite();
  const files = walkHtml(site).sort();
  assert.ok(files.length > 30, `only ${files.length} pages`);
  const { context, userDataDir } = await launch();
  const problems = [];
  let cells = 0;
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.setViewportSize(PHONE);
    for (const file of files) {
      const rel = path.relative(site, file);
      await page.goto(pathToFileURL(file).href);
      const r = await page.evaluate(`(${narrowCells})()`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      cells += await page.evaluate(() => document.querySelectorAll('td, th').length);
      if (wide > PHONE.width) problems.push(`${rel}: ${wide} px wide at ${PHONE.width} px`);
      for (const c of r) problems.push(`${rel}: ${c}`);
    }
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  assert.ok(cells > 500, `only ${cells} table cells looked at`);
  assert.deepEqual(problems, []);
});

test('on a phone the header stays in reach, the menu is a drawer and the 目次 is closed', { timeout: 120_000 }, async () => {
  const site = resolveSite();
  const { context, userDataDir } = await launch();
  try {
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    for (const rel of ['incident.html', 'contacts.html', 'training.html']) {
      await page.goto(pathToFileURL(path.join(site, rel)).href);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
      const box = await page.evaluate(() => {
        const rect = (s) => document.querySelector(s)?.getBoundingClientRect().toJSON();
        return { header: rect('.site-header'), sos: rect('.emergency-button'), search: rect('.site-search input'), y: window.scrollY };
      });
      assert.ok(box.y > 500, `${rel}: did not scroll`);
      assert.ok(box.header.top === 0 && box.header.height <= 110, `${rel}: header ${JSON.stringify(box.header)}`);
      for (const k of ['sos', 'search']) {
        assert.ok(box[k].top >= 0 && box[k].bottom <= box.header.bottom, `${rel}: ${k} out of reach: ${JSON.stringify(box[k])}`);
      }
    }
    // The menu: closed, opened by its button, closed by Escape.
    await page.goto(pathToFileURL(path.join(site, 'procedures', 'emr.html')).href);
    const navShown = () => page.evaluate(() => {
      const nav = document.getElementById('site-nav');
      const r = nav.getBoundingClientRect();
      return getComputedStyle(nav).visibility === 'visible' && r.right > 0 && r.left < window.innerWidth;
    });
    assert.equal(await navShown(), false, 'the menu is open on a phone before it is asked for');
    await page.click('.menu-button');
    await page.waitForFunction(() => document.getElementById('site-nav').getBoundingClientRect().left >= 0);
    assert.equal(await navShown(), true, 'the menu button does not open the menu');
    assert.equal(await page.getAttribute('.menu-button', 'aria-expanded'), 'true');
    const here = await page.$eval('#site-nav a[aria-current="page"]', (a) => a.textContent);
    assert.equal(here, '電子カルテシステム');
    assert.ok(await page.$eval('#site-nav', (n) => [...n.querySelectorAll('a')].some((a) => a.getAttribute('href') === '../changes.html')), '改定一覧 is not in the menu');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => getComputedStyle(document.getElementById('site-nav')).visibility === 'hidden');
    assert.equal(await page.getAttribute('.menu-button', 'aria-expanded'), 'false');
    // A regulation's 目次 starts closed, so the text is on the first screen.
    const reg = fs.readdirSync(path.join(site, 'regulations')).find((f) => /^[^.]+\.html$/.test(f) && f !== 'index.html');
    await page.goto(pathToFileURL(path.join(site, 'regulations', reg)).href);
    assert.equal(await page.$eval('.toc details', (d) => d.open), false, '目次 open on a phone');
    const h1 = await page.$eval('main h1', (h) => h.getBoundingClientRect().top);
    assert.ok(h1 < 400, `the title starts ${h1} px down`);
    // The search page's keyboard hint is for keyboards.
    await page.goto(pathToFileURL(path.join(site, 'search.html')).href);
    assert.equal(await page.$eval('.kbd-hint', (e) => getComputedStyle(e).display), 'none');
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});

test('the contact chart: top to bottom on a phone, the diagram on a wide screen, conditions on the arrows on both', { timeout: 120_000 }, async () => {
  const site = resolveSite();
  const url = pathToFileURL(path.join(site, 'contacts.html')).href;
  const { context, userDataDir } = await launch();
  try {
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(url);
    assert.equal(await page.$eval('.chart-figure', (e) => getComputedStyle(e).display), 'none', 'the wide diagram on a phone');
    const tree = await page.$$eval('.flow-tree .flow-when', (ws) => ws.filter((w) => w.getBoundingClientRect().width > 0).map((w) => w.textContent));
    for (const when of ['夜間・休日', '当番携帯へ']) assert.ok(tree.includes(when), `「${when}」 not on the phone's chart: ${tree}`);
    // The list comes after the flow, at a readable size.
    const size = await page.$eval('.flow-tree .flow-box', (b) => parseFloat(getComputedStyle(b).fontSize));
    assert.ok(size >= 14, `the chart's text is ${size} px`);
    await page.setViewportSize(WIDE);
    await page.goto(url);
    const svg = await page.$eval('.chart-figure svg', (s) => ({
      shown: s.getBoundingClientRect().width > 600,
      texts: [...s.querySelectorAll('text')].map((t) => t.textContent),
    }));
    assert.ok(svg.shown, 'no diagram on a wide screen');
    for (const when of ['夜間・休日', '当番携帯へ']) assert.ok(svg.texts.includes(when), `「${when}」 not on the diagram`);
    // 実寸で見る shows it at its own size.
    const before = await page.$eval('.chart-figure svg', (s) => s.getBoundingClientRect().width);
    await page.click('.chart-zoom');
    const after = await page.$eval('.chart-figure svg', (s) => ({ w: s.getBoundingClientRect().width, own: Number(s.getAttribute('width')) }));
    assert.ok(Math.abs(after.w - after.own) < 2 && after.w >= before, `zoomed ${before} → ${after.w} (own ${after.own})`);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});

test('on a wide screen: the menu beside the page, the contents open and marked, next and previous at the foot', { timeout: 120_000 }, async () => {
  const site = resolveSite();
  const { context, userDataDir } = await launch();
  try {
    const page = await context.newPage();
    await page.setViewportSize(WIDE);
    await page.goto(pathToFileURL(path.join(site, 'training.html')).href);
    const nav = await page.$eval('#site-nav', (n) => n.getBoundingClientRect().toJSON());
    const main = await page.$eval('main', (m) => m.getBoundingClientRect().toJSON());
    assert.ok(nav.right <= main.left && nav.width > 150, `menu ${JSON.stringify(nav)} not beside ${JSON.stringify(main)}`);
    assert.equal(await page.$eval('.toc details', (d) => d.open), true, 'このページの内容 closed on a wide screen');
    assert.equal(await page.$eval('.toc summary', (s) => s.textContent), 'このページの内容');
    const marked = async () => page.$eval('.toc a[aria-current="location"]', (a) => a.getAttribute('href'));
    const first = await marked();
    const last = await page.$$eval('.toc a', (as) => as[as.length - 1].getAttribute('href'));
    await page.evaluate((id) => document.getElementById(id.slice(1)).scrollIntoView(), last);
    await page.waitForFunction((h) => document.querySelector('.toc a[aria-current="location"]')?.getAttribute('href') === h, last);
    assert.notEqual(first, last);
    // Next and previous follow the menu.
    const pager = await page.$$eval('.pager a', (as) => as.map((a) => [a.getAttribute('rel'), a.getAttribute('href')]));
    const menu = await page.$$eval('#site-nav a', (as) => as.map((a) => a.getAttribute('href')));
    const at = menu.indexOf('training.html');
    assert.deepEqual(pager, [['prev', menu[at - 1]], ['next', menu[at + 1]]]);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});
