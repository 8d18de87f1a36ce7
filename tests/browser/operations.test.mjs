// The operational pages in a real Chromium from file://: usable on a phone
// (nothing wider than the screen, call buttons big enough to tap, the first
// step on the first screen of the incident page) and the contact chart
// printed as one A4 landscape page with its text selectable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, resolveSite } from './chromium.mjs';

const PAGES = ['incident.html', 'contacts.html', 'severity.html', 'procedures/index.html', 'training.html'];

function operationalPages(site) {
  const pages = PAGES.filter((p) => fs.existsSync(path.join(site, p)));
  const dir = path.join(site, 'procedures');
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir).sort()) {
      if (f.endsWith('.html') && f !== 'index.html') pages.push(`procedures/${f}`);
    }
  }
  return pages;
}

test('operational pages fit a phone screen', { timeout: 120_000 }, async () => {
  const site = resolveSite();
  const pages = operationalPages(site);
  assert.ok(pages.includes('incident.html') && pages.includes('contacts.html'), `missing pages: ${pages}`);
  const { context, userDataDir } = await launch();
  const problems = [];
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const p of pages) {
      await page.goto(pathToFileURL(path.join(site, p)).href);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) problems.push(`${p}: the page is ${width} px wide on a 390 px screen`);
    }
    await page.goto(pathToFileURL(path.join(site, 'incident.html')).href);
    const facts = await page.evaluate(() => ({
      firstStep: document.querySelector('.first-steps > li')?.getBoundingClientRect().top ?? Infinity,
      calls: [...document.querySelectorAll('a.call')].map((a) => {
        const r = a.getBoundingClientRect();
        return { text: a.textContent.trim(), height: r.height, width: r.width, href: a.getAttribute('href') };
      }),
    }));
    if (facts.firstStep > 844) problems.push(`incident.html: the first step starts at ${facts.firstStep} px, below the first screen`);
    if (facts.calls.length === 0) problems.push('incident.html: no call buttons');
    for (const c of facts.calls) {
      if (c.height < 44 || c.width < 200) problems.push(`incident.html: call button "${c.text}" is ${c.width}×${c.height} px`);
      if (!c.href.startsWith('tel:')) problems.push(`incident.html: call button "${c.text}" is not a tel: link`);
    }
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  assert.deepEqual(problems, []);
});

function pdfinfo(file) {
  const out = execFileSync('pdfinfo', ['-f', '1', '-l', '1000', file], { encoding: 'utf8' });
  const pages = [...out.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])]);
  return pages;
}

test('the contact chart prints on one A4 landscape page', { timeout: 120_000 }, async () => {
  const site = resolveSite();
  const { context, userDataDir } = await launch();
  const pdf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-pdf-')), 'contacts.pdf');
  let titles;
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(site, 'contacts.html')).href);
    // Every box title of the diagram, to find on the printed page.
    titles = await page.$$eval('svg.flowchart a', (as) => as.map((a) => a.getAttribute('aria-label') || a.querySelector('text')?.textContent || ''));
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  const sizes = pdfinfo(pdf);
  assert.ok(sizes.length >= 1, 'no pages');
  const [w, h] = sizes[0];
  // A4 landscape is 841.89 × 595.28 pt.
  assert.ok(Math.abs(w - 841.9) < 2 && Math.abs(h - 595.3) < 2, `page 1 is ${w} × ${h} pt, not A4 landscape`);
  const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  const second = sizes.length > 1 ? execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' }) : '';
  assert.ok(titles.length >= 5, `expected the diagram's boxes, found ${titles.length}`);
  const missing = titles
    .map((t) => t.replace(/\s+/g, ''))
    .filter((t) => t && !first.includes(t.slice(0, 6)));
  assert.deepEqual(missing, [], 'box titles not on the first printed page (as selectable text)');
  assert.ok(first.includes('最新版はイントラネットで確認'), 'the uncontrolled-copy line is not on the chart page');
  // The conditions are written on the arrows on paper too.
  for (const when of ['夜間・休日', '当番携帯へ', '直ちに']) assert.ok(first.includes(when), `「${when}」 is not on the printed chart`);
  assert.ok(!second.includes('連絡の流れ'), 'the diagram spilled onto page 2');
  fs.rmSync(path.dirname(pdf), { recursive: true, force: true });
});
