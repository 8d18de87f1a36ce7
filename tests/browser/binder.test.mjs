// The print binder printed for real: `handbook pdf` builds the example and
// prints print.html through headless Chromium, twice, writing the page
// numbers in. The PDF must be all A4, the contact chart's chapter
// landscape; every page after the cover carries its chapter, `n / N`, the
// edition and the uncontrolled-copy notice; chapters start on a new page in
// binder order, at the page the contents give; cross-references carry the
// page of their target; no page is less than a quarter full but a chapter's
// last; no heading ends a page; each blank form starts a page, takes exactly
// the pages it was designed for and has all four borders on the paper; a
// numbered copy carries its number and place on the cover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, launch, resolveSite } from './chromium.mjs';
import { bodyLines, destinations, fullness, grayPage, mm, pages as readPages, ruledLines, squash } from './pdf-pages.mjs';

const BIN = path.resolve(process.env.HANDBOOK_BIN || 'target/debug/handbook');

const CHAPTERS = ['緊急時対応', '役割別アクションカード', '連絡体制図', '深刻度と報告先', '事業継続計画（BCP）', '復旧手順', '規程', '教育・訓練', '点検・立入検査', '資料', '様式（空欄）'];
const CONTACTS = 3;
const FORMS = CHAPTERS.indexOf('様式（空欄）') + 1;

/** Runs `handbook pdf` on the example into a temporary folder. */
function printBinder(extra = []) {
  assert.ok(fs.existsSync(BIN), `no ${BIN}: build it first (cargo build)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-binder-'));
  const out = path.join(tmp, 'site');
  const pdf = path.join(tmp, 'binder.pdf');
  execFileSync(BIN, ['pdf', '--root', '.', '--out', out, '--output', pdf, ...extra], {
    env: { ...process.env, CHROMIUM, SOURCE_DATE_EPOCH: '1795132800' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { tmp, out, pdf };
}

test('handbook pdf prints the whole binder with running headers, page numbers and a contents that finds them', { timeout: 300_000 }, () => {
  const site = resolveSite();
  const { tmp, out, pdf } = printBinder();
  try {
    const pages = readPages(pdf);
    const total = pages.length;
    // The PDF is dated by SOURCE_DATE_EPOCH, not by the wall clock.
    const dates = execFileSync('pdfinfo', ['-rawdates', pdf], { encoding: 'utf8' });
    assert.match(dates, /CreationDate:\s+D:20261120000000/);
    assert.match(dates, /ModDate:\s+D:20261120000000/);
    assert.ok(total >= 30, `only ${total} pages`);
    const sizes = pages.map((p) => {
      if (Math.abs(p.width - 595.3) < 2 && Math.abs(p.height - 841.9) < 2) return 'portrait';
      if (Math.abs(p.width - 841.9) < 2 && Math.abs(p.height - 595.3) < 2) return 'landscape';
      return `${p.width}×${p.height}`;
    });
    const flat = pages.map((p) => squash(p.lines.map((l) => l.text).join('')));
    const problems = [];

    // The cover: no running header or footer; title, edition, date, QR caption.
    for (const want of ['情報セキュリティ・事業継続ハンドブック', '○○病院', '第1版', '令和8年11月20日', '最新版（イントラネット）', 'https://intranet.example.jp/handbook/']) {
      if (!flat[0].includes(squash(want))) problems.push(`cover lacks ${want}`);
    }
    if (/\d+\/\d+/.test(flat[0].replace(/https?:\S+/, ''))) problems.push('the cover has a page number');

    // Every page after the cover: n / N, edition, notice, and its chapter.
    const chapterOf = [];
    for (let i = 1; i < total; i++) {
      const t = flat[i];
      if (!t.includes(`${i + 1}/${total}`)) problems.push(`page ${i + 1}: no "${i + 1} / ${total}"`);
      if (!t.includes('最新版はイントラネットで確認')) problems.push(`page ${i + 1}: no uncontrolled-copy notice`);
      if (!t.includes('第1版')) problems.push(`page ${i + 1}: no edition`);
      const m = /第(\d+)章/.exec(pages[i].lines.slice(0, 2).map((l) => l.text).join(' '));
      chapterOf[i] = m ? Number(m[1]) : i === 1 ? 0 : null;
      if (chapterOf[i] === null) problems.push(`page ${i + 1}: no chapter in the running header`);
    }
    // Chapters come in order, each starting on a new page with its heading.
    const starts = CHAPTERS.map((_, n) => chapterOf.indexOf(n + 1));
    for (const [n, start] of starts.entries()) {
      if (start < 0) { problems.push(`chapter ${n + 1} is missing`); continue; }
      if (n > 0 && start <= starts[n - 1]) problems.push(`chapter ${n + 1} starts before chapter ${n}`);
      if (chapterOf.slice(start).some((c, k) => c !== undefined && c !== null && c < n + 1 && k > 0)) {
        problems.push(`chapter ${n + 1} is interleaved with an earlier chapter`);
      }
    }
    const firstHeading = ['ウイルス感染', '発見した職員', '連絡体制図', '深刻度と報告先', '事業継続計画', 'バックアップ・復旧手順', '医療情報システム安全管理規程', '教育・訓練の記録', 'サイバーセキュリティ対策チェックリスト', 'このハンドブックについて', 'セキュリティ事故報告書'];
    for (const [n, h] of firstHeading.entries()) {
      const s = starts[n];
      if (s >= 0 && !flat[s].includes(h)) problems.push(`chapter ${n + 1} does not open with 「${h}」 on page ${s + 1}`);
    }

    // The contents give every chapter's page, and it is where the chapter
    // starts; every part's page is where its title is printed.
    const toc = pages[1].lines.map((l) => squash(l.text));
    for (const [n, c] of CHAPTERS.entries()) {
      const line = toc.find((l) => l.startsWith(`第${n + 1}章${c}`));
      const page = line && Number(/(\d+)$/.exec(line)?.[1]);
      if (!page) problems.push(`目次: 第${n + 1}章 has no page number (${line})`);
      else if (page !== starts[n] + 1) problems.push(`目次: 第${n + 1}章 ${c} on p.${page}, but it starts on p.${starts[n] + 1}`);
    }
    const dests = destinations(pdf);
    for (const part of ['電子カルテシステム復旧手順', 'セキュリティ事故の検出と是正・予防処置規定', '配布管理台帳', 'バックアップ復旧訓練記録']) {
      const line = toc.find((l) => l.startsWith(part));
      const page = line && Number(/(\d+)$/.exec(line)?.[1]);
      if (!page) problems.push(`目次: ${part} has no page number`);
      else if (!flat[page - 1]?.includes(part.slice(0, 8))) problems.push(`目次: ${part} on p.${page}, which does not print it`);
    }
    // A cross-reference carries its target's page: the emergency page's
    // link to 情報システム部門 leads to its row of the phone list.
    const itPage = dests.get(`ch${CONTACTS}_c-it-dept`);
    if (!itPage || !flat[itPage - 1].includes('情報システム部門')) problems.push(`no destination for 情報システム部門 (${itPage})`);
    if (!flat[starts[0]].includes(`情報システム部門→p.${itPage}`)) problems.push(`緊急時対応 does not say 情報システム部門 → p.${itPage}`);
    const refs = pages.flatMap((p) => p.words.filter((w) => /^p\.\d+$/.test(w.text)).map((w) => Number(w.text.slice(2))));
    if (refs.length < 50) problems.push(`only ${refs.length} cross-references with a page`);
    for (const n of refs) {
      if (n < 3 || n > total) problems.push(`a cross-reference to p.${n} of ${total}`);
    }

    // Landscape exactly where the contact chart's chapter is.
    for (let i = 0; i < total; i++) {
      const want = chapterOf[i] === CONTACTS ? 'landscape' : 'portrait';
      if (sizes[i] !== want) problems.push(`page ${i + 1} is ${sizes[i]}, expected A4 ${want}`);
    }

    // No page is less than a quarter full, but a chapter's last page (and
    // the forms, which are designed sheets); no page ends with a heading.
    const html = fs.readFileSync(path.join(out, 'print.html'), 'utf8');
    const headings = [...html.matchAll(/<h([2-6])[^>]*>([\s\S]*?)<\/h\1>/g)]
      .map((m) => squash(m[2].replace(/<[^>]+>/g, '').replace(/&[a-z#0-9]+;/g, '')))
      .filter((t) => t.length >= 2);
    for (let i = 2; i < total; i++) {
      const landscape = sizes[i] === 'landscape';
      const margins = landscape ? { top: 12, bottom: 12 } : { top: 16, bottom: 16 };
      const chapterEnd = i + 1 === total || chapterOf[i + 1] !== chapterOf[i];
      const full = fullness(pages[i], margins);
      if (!chapterEnd && chapterOf[i] !== FORMS && full < 0.25) problems.push(`page ${i + 1} is only ${Math.round(full * 100)}% full`);
      const body = bodyLines(pages[i], { top: margins.top - 2, bottom: margins.bottom - 2 });
      const last = body.length ? squash(body[body.length - 1].text) : '';
      const alone = headings.find((h) => last.length >= 2 && (h === last || h.startsWith(last)));
      if (alone && !chapterEnd) problems.push(`page ${i + 1} ends with the heading 「${alone}」`);
    }

    // Each blank form starts a page, takes its designed page count, and
    // has its left and right borders on the paper, as far in as each other.
    const formDir = path.join(site, 'forms');
    const forms = fs.readdirSync(formDir).filter((f) => f.endsWith('.html') && f !== 'index.html');
    const designed = forms.map((f) => {
      const page = fs.readFileSync(path.join(formDir, f), 'utf8');
      return {
        title: /<h1 class="screen-only">([^<]+)<\/h1>/.exec(page)[1],
        pages: Number(/data-pages="(\d+)"/.exec(page)[1]),
      };
    });
    const formStart = (title) => flat.findIndex((t, i) => chapterOf[i] === FORMS && t.slice(0, 200).includes(squash(title)));
    const ordered = designed.map((d) => ({ ...d, at: formStart(d.title) })).sort((a, b) => a.at - b.at);
    for (const [k, d] of ordered.entries()) {
      if (d.at < 0) { problems.push(`form ${d.title} does not start a page`); continue; }
      const next = k + 1 < ordered.length ? ordered[k + 1].at : total;
      if (next - d.at !== d.pages) problems.push(`form ${d.title}: ${next - d.at} pages, designed for ${d.pages}`);
    }
    for (let i = starts[FORMS - 1]; i >= 0 && i < total; i++) {
      const g = grayPage(pdf, i + 1);
      const { xs, ys } = ruledLines(g);
      if (!xs.length || !ys.length) { problems.push(`form page ${i + 1}: no ruled lines found`); continue; }
      const left = mm(xs[0], g.dpi);
      const right = mm(g.width - 1 - xs[xs.length - 1], g.dpi);
      if (left < 5 || right < 5 || Math.abs(left - right) > 1.5) {
        problems.push(`form page ${i + 1}: borders ${left.toFixed(1)} mm from the left, ${right.toFixed(1)} mm from the right edge`);
      }
      const top = mm(ys[0], g.dpi);
      const bottom = mm(g.height - 1 - ys[ys.length - 1], g.dpi);
      if (top < 5 || bottom < 5) problems.push(`form page ${i + 1}: a border ${Math.min(top, bottom).toFixed(1)} mm from the paper's edge`);
    }
    assert.deepEqual(problems, []);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('a numbered copy carries its number, place and holder on the cover', { timeout: 300_000 }, () => {
  const { tmp, pdf } = printBinder(['--copy', '3']);
  try {
    const cover = squash(execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' }));
    for (const want of ['管理番号', '第3号', '当直室（管理棟1階）', '当直管理者', '令和8年11月20日']) {
      assert.ok(cover.includes(squash(want)), `the cover lacks ${want}: ${cover}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('no table leaves one row alone on a page of the binder', { timeout: 120_000 }, async () => {
  // Chromium has no widows for table rows; the binder keeps a table's
  // first two and last two rows together. Each row is marked with a tiny
  // text of its own (placed out of the flow, so the layout is the
  // binder's), the pages numbered as `handbook pdf` numbers them, and the
  // printed PDF read back for where each row landed.
  const site = resolveSite();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-rows-'));
  const { context, userDataDir } = await launch();
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(site, 'print.html')).href);
    const tables = await page.evaluate(() => {
      document.body.classList.add('paged');
      for (const s of document.querySelectorAll('.pageref')) s.innerHTML = '<span class="pr-num">000</span>';
      let n = 0;
      document.querySelectorAll('table').forEach((t, ti) => {
        t.querySelectorAll(':scope > tbody > tr').forEach((tr, ri) => {
          const cell = tr.cells[0];
          if (!cell) return;
          cell.style.position = 'relative';
          const m = document.createElement('span');
          m.textContent = `@R${ti}.${ri}@`;
          m.style.cssText = 'position:absolute;left:0;top:0;font-size:2px;line-height:1;color:#fff;white-space:nowrap';
          cell.append(m);
        });
        n++;
      });
      return n;
    });
    assert.ok(tables > 20, `only ${tables} tables`);
    const pdf = path.join(tmp, 'rows.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const where = new Map();
    readPages(pdf).forEach((p, i) => {
      for (const m of squash(p.lines.map((l) => l.text).join('')).matchAll(/@R(\d+)\.(\d+)@/g)) {
        if (!where.has(m[1])) where.set(m[1], []);
        where.get(m[1]).push(i + 1);
      }
    });
    assert.ok(where.size > 20, `only ${where.size} tables found in the PDF`);
    const lone = [];
    let split = 0;
    for (const [t, at] of where) {
      const on = [...new Set(at)];
      if (on.length > 1) split++;
      for (const p of on) {
        if (on.length > 1 && at.filter((x) => x === p).length === 1) lone.push(`table ${t}: one row alone on page ${p} (${at.join(',')})`);
      }
    }
    assert.ok(split > 0, 'no table spans two pages: the check checked nothing');
    assert.deepEqual(lone, []);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('an ordinary page prints without navigation and shows where outside links lead', { timeout: 60_000 }, async () => {
  const site = resolveSite();
  const file = path.join(site, 'pages', 'about.html');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-page-'));
  const { context, userDataDir } = await launch();
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    const outside = await page.$$eval('main a[href^="http"]:not(.url)', (as) => as.map((a) => a.href));
    assert.ok(outside.length > 0, 'the example page links outside');
    const pdf = path.join(tmp, 'about.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    assert.match(info, /Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const href of outside) assert.ok(text.includes(href), `${href} is not printed`);
    // No menu, breadcrumb, skip link or emergency button on paper.
    for (const chrome of ['本文へ移動', '規程一覧', '連絡体制図深刻度と報告先', '緊急時対応']) {
      assert.ok(!text.includes(chrome), `「${chrome}」 printed`);
    }
    assert.ok(text.includes('最新版はイントラネットで確認'), 'no uncontrolled-copy notice');
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
