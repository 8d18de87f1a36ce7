// The print binder printed for real: `handbook pdf` builds the example and
// prints print.html through headless Chromium. The PDF must be all A4, the
// contact chart's chapter landscape; every page after the cover carries its
// chapter, `n / N`, the edition and the uncontrolled-copy notice; chapters
// start on a new page in binder order; each blank form starts a page and
// takes exactly the pages it was designed for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, launch, resolveSite } from './chromium.mjs';

const BIN = path.resolve(process.env.HANDBOOK_BIN || 'target/debug/handbook');

test('handbook pdf prints the whole binder with running headers and footers', { timeout: 180_000 }, () => {
  assert.ok(fs.existsSync(BIN), `no ${BIN}: build it first (cargo build)`);
  const site = resolveSite();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-binder-'));
  try {
    const out = path.join(tmp, 'site');
    const pdf = path.join(tmp, 'binder.pdf');
    execFileSync(BIN, ['pdf', '--root', '.', '--out', out, '--output', pdf], {
      env: { ...process.env, CHROMIUM, SOURCE_DATE_EPOCH: '1795132800' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '999', pdf], { encoding: 'utf8' });
    const total = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
    assert.ok(total >= 20, `only ${total} pages`);
    const sizes = [...info.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => {
      const [w, h] = [Number(m[2]), Number(m[3])];
      if (Math.abs(w - 595.3) < 2 && Math.abs(h - 841.9) < 2) return 'portrait';
      if (Math.abs(w - 841.9) < 2 && Math.abs(h - 595.3) < 2) return 'landscape';
      return `${w}×${h}`;
    });
    const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, total);
    const flat = pages.map((p) => p.replace(/\s+/g, ''));
    const problems = [];

    // The cover: no running header or footer; title, edition, date, QR caption.
    for (const want of ['情報セキュリティ・事業継続ハンドブック', '○○病院', '第1版', '令和8年11月20日', '最新版（イントラネット）', 'https://intranet.example.jp/handbook/']) {
      if (!flat[0].includes(want.replace(/\s+/g, ''))) problems.push(`cover lacks ${want}`);
    }
    if (/\d+\/\d+/.test(flat[0].replace(/https?:\S+/, ''))) problems.push('the cover has a page number');

    const chapters = ['緊急時対応', '連絡体制図', '深刻度と報告先', '復旧手順', '規程', '教育・訓練', '点検・立入検査', '資料', '様式（空欄）'];
    // The table of contents lists every chapter.
    for (const [i, c] of chapters.entries()) {
      if (!flat[1].includes(`第${i + 1}章${c}`)) problems.push(`目次 lacks 第${i + 1}章 ${c}`);
    }
    // Every page after the cover: n / N, edition, notice, and its chapter.
    const chapterOf = [];
    for (let i = 1; i < total; i++) {
      const t = flat[i];
      if (!t.includes(`${i + 1}/${total}`)) problems.push(`page ${i + 1}: no "${i + 1} / ${total}"`);
      if (!t.includes('最新版はイントラネットで確認')) problems.push(`page ${i + 1}: no uncontrolled-copy notice`);
      if (!t.includes('第1版')) problems.push(`page ${i + 1}: no edition`);
      const m = /第(\d)章/.exec(pages[i].split('\n').slice(0, 3).join(' '));
      chapterOf[i] = m ? Number(m[1]) : i === 1 ? 0 : null;
      if (chapterOf[i] === null) problems.push(`page ${i + 1}: no chapter in the running header`);
    }
    // Chapters come in order, each starting on a new page with its heading.
    const starts = chapters.map((_, n) => chapterOf.indexOf(n + 1));
    for (const [n, start] of starts.entries()) {
      if (start < 0) { problems.push(`chapter ${n + 1} is missing`); continue; }
      if (n > 0 && start <= starts[n - 1]) problems.push(`chapter ${n + 1} starts before chapter ${n}`);
      if (chapterOf.slice(start).some((c, k) => c !== undefined && c !== null && c < n + 1 && k > 0)) {
        problems.push(`chapter ${n + 1} is interleaved with an earlier chapter`);
      }
    }
    const firstHeading = ['ウイルス感染', '連絡体制図', '深刻度と報告先', 'バックアップ・復旧手順', '医療情報システム安全管理規程', '教育・訓練の記録', 'サイバーセキュリティ対策チェックリスト', 'このハンドブックについて', 'セキュリティ事故報告書'];
    for (const [n, h] of firstHeading.entries()) {
      const s = starts[n];
      if (s >= 0 && !flat[s].includes(h)) problems.push(`chapter ${n + 1} does not open with 「${h}」 on page ${s + 1}`);
    }
    // Landscape exactly where the contact chart's chapter is.
    for (let i = 0; i < total; i++) {
      const want = chapterOf[i] === 2 ? 'landscape' : 'portrait';
      if (sizes[i] !== want) problems.push(`page ${i + 1} is ${sizes[i]}, expected A4 ${want}`);
    }
    // Each blank form starts a page and takes its designed page count.
    const formDir = path.join(site, 'forms');
    const forms = fs.readdirSync(formDir).filter((f) => f.endsWith('.html') && f !== 'index.html');
    const designed = forms.map((f) => {
      const html = fs.readFileSync(path.join(formDir, f), 'utf8');
      return {
        title: /<h1 class="screen-only">([^<]+)<\/h1>/.exec(html)[1],
        pages: Number(/data-pages="(\d+)"/.exec(html)[1]),
      };
    });
    const formsChapter = chapters.indexOf('様式（空欄）') + 1;
    const formStart = (title) => flat.findIndex((t, i) => chapterOf[i] === formsChapter && t.slice(0, 200).includes(title.replace(/\s+/g, '')));
    const ordered = designed.map((d) => ({ ...d, at: formStart(d.title) })).sort((a, b) => a.at - b.at);
    for (const [k, d] of ordered.entries()) {
      if (d.at < 0) { problems.push(`form ${d.title} does not start a page`); continue; }
      const next = k + 1 < ordered.length ? ordered[k + 1].at : total;
      if (next - d.at !== d.pages) problems.push(`form ${d.title}: ${next - d.at} pages, designed for ${d.pages}`);
    }
    assert.deepEqual(problems, []);
  } finally {
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
