// Reading comfort: the reader's own font size (the browser's setting, set
// here in the profile as a reader would in Chrome's settings: 32 px, 200%
// of the usual 16) scales the text; the night theme follows the system and
// the 夜間表示 button, which is remembered from page to page over file://
// and survives a browser that refuses storage; paper is always light.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, resolveSite } from './chromium.mjs';

const PAGES = ['index.html', 'contacts.html', 'training.html', 'procedures/emr.html', 'regulations/security-incident.html', 'search.html'];

/** Font sizes of the things a reader reads, in px. */
async function sizes(page) {
  return page.evaluate(() => {
    const px = (sel) => {
      const e = document.querySelector(sel);
      return e ? parseFloat(getComputedStyle(e).fontSize) : null;
    };
    return {
      body: px('body'),
      h1: px('main h1'),
      p: px('main p'),
      cell: px('main td'),
      nav: px('#site-nav a'),
      search: px('.site-search input'),
      crumb: px('.breadcrumb'),
    };
  });
}

async function measure(site, prefs) {
  const { context, userDataDir } = await launch({ prefs });
  const out = {};
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const rel of PAGES) {
      await page.goto(pathToFileURL(path.join(site, rel)).href);
      out[rel] = { ...(await sizes(page)), wide: await page.evaluate(() => document.documentElement.scrollWidth) };
    }
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return out;
}

test('at 200% browser font size the text of every part of the page is twice as large and the page still fits', { timeout: 180_000 }, async () => {
  const site = resolveSite();
  const normal = await measure(site, null);
  const large = await measure(site, { webkit: { webprefs: { default_font_size: 32 } } });
  const problems = [];
  for (const rel of PAGES) {
    assert.equal(normal[rel].body, 16, `${rel}: body text is ${normal[rel].body} px by default`);
    for (const [what, px] of Object.entries(normal[rel])) {
      if (what === 'wide' || px == null) continue;
      // The layout changes with the size (a phone's layout at 1280 px), so
      // a heading may take its narrow-screen size; never less than 1.6×.
      const ratio = large[rel][what] / px;
      if (ratio < 1.6) problems.push(`${rel}: ${what} ${px} → ${large[rel][what]} px (×${ratio.toFixed(2)})`);
    }
    if (large[rel].wide > 1280) problems.push(`${rel}: ${large[rel].wide} px wide at 200%`);
  }
  assert.deepEqual(problems, []);
});

test('the night theme: the system setting, the 夜間表示 button remembered over file://, paper always light', { timeout: 120_000 }, async () => {
  const site = resolveSite();
  const url = (rel) => pathToFileURL(path.join(site, rel)).href;
  const bg = (page) => page.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
    return r + g + b;
  });
  const { context, userDataDir } = await launch({ contextOptions: { colorScheme: 'dark' } });
  const errors = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url('index.html'));
    assert.ok((await bg(page)) < 150, 'prefers-color-scheme: dark does not give a dark page');
    assert.equal(await page.getAttribute('.theme-toggle', 'aria-pressed'), 'true');
    // Paper is light even on a dark screen: a form's sheet, and any page printed.
    await page.goto(url('forms/incident-report.html'));
    const sheet = await page.$eval('.paper-form', (f) => getComputedStyle(f).backgroundColor);
    assert.equal(sheet, 'rgb(255, 255, 255)');
    await page.emulateMedia({ media: 'print' });
    await page.goto(url('contacts.html'));
    assert.ok((await bg(page)) > 700, 'a page printed from the dark theme is not white');
    await page.emulateMedia({ media: 'screen' });
    // The button: light, remembered on the next page (another folder too).
    await page.goto(url('index.html'));
    await page.click('.theme-toggle');
    assert.ok((await bg(page)) > 700, 'the button does not switch to light');
    assert.equal(await page.getAttribute('.theme-toggle', 'aria-pressed'), 'false');
    await page.goto(url('procedures/emr.html'));
    assert.ok((await bg(page)) > 700, 'the choice is forgotten on the next page');
    await page.click('.theme-toggle');
    await page.goto(url('regulations/index.html'));
    assert.ok((await bg(page)) < 150, 'dark again is forgotten');
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  assert.deepEqual(errors, []);

  // A browser that refuses storage (some locked-down PCs, some file://
  // settings): no error, and the button still works on the page.
  const refused = await launch();
  try {
    const page = await refused.context.newPage();
    const errs = [];
    page.on('pageerror', (e) => errs.push(e.message));
    await page.addInitScript(() => {
      const no = () => { throw new DOMException('denied', 'SecurityError'); };
      Storage.prototype.getItem = no;
      Storage.prototype.setItem = no;
    });
    await page.goto(url('index.html'));
    assert.ok((await bg(page)) > 700);
    await page.click('.theme-toggle');
    assert.ok((await bg(page)) < 150, 'the button does nothing without storage');
    assert.deepEqual(errs, []);
  } finally {
    await refused.context.close();
    fs.rmSync(refused.userDataDir, { recursive: true, force: true });
  }
});
