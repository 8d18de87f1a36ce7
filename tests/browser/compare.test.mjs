// The 新旧対照表 in Chromium from file://: `handbook compare` of two real
// versions of a law prints on A4 landscape with the column captions on
// every page and articles not split; the in-handbook table underlines the
// changed text (傍線) on both sides and fits a phone's width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, resolveSite } from './chromium.mjs';

const BIN = path.resolve(process.env.HANDBOOK_BIN || 'target/debug/handbook');
const LAWS = path.resolve('tests/fixtures/laws/405AC0000000047');

test('a standalone 新旧対照表 prints on A4 landscape with its header on every page', { timeout: 120_000 }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-compare-'));
  const { context, userDataDir } = await launch();
  try {
    const html = path.join(tmp, 'shinkyu.html');
    execFileSync(BIN, ['compare', path.join(LAWS, '20150801.txt'), path.join(LAWS, '20160101.txt'), '-o', html], {
      env: { ...process.env, SOURCE_DATE_EPOCH: '1795132800' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(html).href);
    const pdf = path.join(tmp, 'shinkyu.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), [], 'nothing outside the file');

    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '999', pdf], { encoding: 'utf8' });
    const total = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
    assert.ok(total >= 3, `a long table, ${total} page(s)`);
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    for (const [i, [w, h]] of sizes.entries()) {
      assert.ok(Math.abs(w - 841.9) < 2 && Math.abs(h - 595.3) < 2, `page ${i + 1} is ${w}×${h}, not A4 landscape`);
    }
    const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, total);
    for (const [i, p] of pages.entries()) {
      const head = p.split('\n').filter((l) => l.trim()).slice(0, i === 0 ? 12 : 2).join(' ');
      for (const caption of ['改正後', '改正前', '備考']) {
        assert.ok(head.includes(caption), `page ${i + 1} lacks the column caption ${caption}: ${head}`);
      }
    }
    // The 附則 of the amending act of 平成27 is in the table.
    assert.ok(pages.join('').replace(/\s+/g, '').includes('附則（平成二七年七月一〇日法律第五四号）'));
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('the handbook\'s 新旧対照表 underlines both sides and fits a phone', { timeout: 60_000 }, async () => {
  const site = resolveSite();
  const { context, userDataDir } = await launch();
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(pathToFileURL(path.join(site, 'regulations/security-incident.2018-04-01.compare.html')).href);
    const seen = await page.evaluate(() => {
      const deco = (el) => getComputedStyle(el).textDecorationLine;
      const ins = [...document.querySelectorAll('.shinkyu td.new ins')];
      const del = [...document.querySelectorAll('.shinkyu td.old del')];
      return {
        ins: ins.map((e) => e.textContent),
        del: del.map((e) => e.textContent),
        underlined: [...ins, ...del].every((e) => deco(e).includes('underline') && !deco(e).includes('line-through')),
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        heads: [...document.querySelectorAll('.shinkyu thead th')].map((th) => th.textContent),
      };
    });
    assert.deepEqual(seen.heads, ['改正後', '改正前', '備考']);
    assert.ok(seen.ins.some((t) => t.includes('速やかに')), `new side: ${seen.ins}`);
    assert.ok(seen.underlined, 'every change is underlined, none struck through');
    assert.ok(seen.overflow <= 1, `the page scrolls sideways by ${seen.overflow}px at 390px`);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});
