// Every form printed for real: headless Chromium prints each forms/*.html to
// PDF; the PDF must be A4 portrait, have exactly the pages the form is
// designed for (data-pages), all four borders of its grid on the paper, and
// carry its Japanese text with a CJK font embedded (a missing font would
// print tofu boxes, or nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, resolveSite } from './chromium.mjs';
import { grayPage, mm, ruledLines } from './pdf-pages.mjs';

test('each form prints on its designed A4 pages', { timeout: 180_000 }, async () => {
  const site = resolveSite();
  const dir = path.join(site, 'forms');
  const forms = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.html') && f !== 'index.html').sort() : [];
  assert.ok(forms.length >= 3, `expected the example's three forms, found ${forms}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-forms-'));
  const { context, userDataDir } = await launch();
  const problems = [];
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(dir, forms[0])).href);
    // Chromium embeds fonts without names (Type 3), so ask the page: with
    // no Japanese font, 報 is drawn as the same .notdef box as an unassigned
    // code point.
    const glyphs = await page.evaluate(() => {
      const draw = (ch) => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 64;
        const c = canvas.getContext('2d');
        c.font = `48px ${getComputedStyle(document.body).fontFamily}`;
        c.fillText(ch, 4, 52);
        return Array.from(c.getImageData(0, 0, 64, 64).data).join(',');
      };
      return { same: draw('報') === draw('\u{10FFFD}'), font: getComputedStyle(document.body).fontFamily };
    });
    if (glyphs.same) problems.push(`no Japanese font draws 報 (${glyphs.font}): install fonts-noto-cjk`);
    for (const f of forms) {
      await page.goto(pathToFileURL(path.join(dir, f)).href);
      const { pages, title, labels } = await page.$eval('form.paper-form', (form) => ({
        pages: Number(form.dataset.pages),
        title: form.querySelector('.f-title').textContent,
        labels: [...form.querySelectorAll('.f-label, .f-option, .f-stamp-role')].map((e) => e.textContent.trim()).filter(Boolean),
      }));
      const pdf = path.join(tmp, f.replace('.html', '.pdf'));
      await page.pdf({ path: pdf, preferCSSPageSize: true });
      const info = execFileSync('pdfinfo', ['-f', '1', '-l', '100', pdf], { encoding: 'utf8' });
      const count = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
      if (count !== pages) problems.push(`${f}: ${count} pages, designed for ${pages}`);
      for (const m of info.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)/gm)) {
        if (Math.abs(Number(m[2]) - 595.3) > 2 || Math.abs(Number(m[3]) - 841.9) > 2) {
          problems.push(`${f}: page ${m[1]} is ${m[2]} × ${m[3]} pt, not A4 portrait`);
        }
      }
      // All four borders on the paper: the grid's left and right rules as
      // far in as each other (Chromium once cut the right one at the page
      // edge to a faint hairline), top and bottom inside the sheet.
      for (let n = 1; n <= count; n++) {
        const g = grayPage(pdf, n);
        const { xs, ys } = ruledLines(g);
        if (!xs.length || !ys.length) { problems.push(`${f}: page ${n} has no ruled lines`); continue; }
        const left = mm(xs[0], g.dpi);
        const right = mm(g.width - 1 - xs[xs.length - 1], g.dpi);
        if (Math.abs(left - right) > 1.5) problems.push(`${f}: page ${n}: left border ${left.toFixed(1)} mm in, right ${right.toFixed(1)} mm in`);
        if (mm(ys[0], g.dpi) < 5 || mm(g.height - 1 - ys[ys.length - 1], g.dpi) < 5) problems.push(`${f}: page ${n}: a border at the paper's edge`);
      }
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      if (!text.includes(title.replace(/\s+/g, ''))) problems.push(`${f}: the title 「${title}」 is not in the PDF text`);
      // Every label, option and stamp box is printed (nothing fell off a page).
      const lost = labels
        .map((l) => l.replace(/[\s（）()]+/g, ''))
        .filter((l) => !text.replace(/[（）()]/g, '').includes(l.slice(0, 8)));
      if (lost.length) problems.push(`${f}: not printed: ${lost.slice(0, 5).join(', ')}`);
    }
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  assert.deepEqual(problems, []);
});

test('what is typed into a form prints', { timeout: 60_000 }, async () => {
  const site = resolveSite();
  const file = path.join(site, 'forms', 'incident-report.html');
  assert.ok(fs.existsSync(file), 'no forms/incident-report.html');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-forms-'));
  const { context, userDataDir } = await launch();
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.fill('input.f-line >> nth=0', '外来棟2階 受付');
    await page.check('input[value="ウイルス検出"]');
    const pdf = path.join(tmp, 'filled.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    assert.ok(text.includes('外来棟2階 受付'), 'the typed text is not in the printed PDF');
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.click('button[type="reset"]');
    assert.equal(await page.inputValue('input.f-line >> nth=0'), '', 'reset does not clear the form');
    assert.deepEqual(requests, [], 'filling in or clearing the form made a request');
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
