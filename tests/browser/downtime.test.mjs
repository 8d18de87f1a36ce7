// The downtime kit in a real Chromium from file://, and printed: the
// emergency page shows both numbers of every contact that has two, and by
// the device clock marks the one that applies now (weekday daytime, night,
// weekend), with scripts off too both numbers and no mark; printed it takes
// two pages. The poster is exactly one A4 page; the role cards one A4 page
// per role, each with its time-phase rows; the pocket-card sheet one A4
// page with ten cards of 91×55 mm, all their text inside the card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, resolveSite } from './chromium.mjs';
import { pageSizes, pages as readPages, squash } from './pdf-pages.mjs';

const A4 = (s) => Math.abs(s.width - 595.3) < 2 && Math.abs(s.height - 841.9) < 2;

async function withPage(fn, contextOptions = {}) {
  const { context, userDataDir } = await launch({ contextOptions });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-downtime-'));
  try {
    return await fn(await context.newPage(), tmp);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

test('the emergency page gives both numbers and marks the one for now by the clock', { timeout: 120_000 }, async () => {
  const site = resolveSite();
  const url = pathToFileURL(path.join(site, 'incident.html')).href;
  await withPage(async (page, tmp) => {
    const marked = async (when) => {
      await page.clock.setFixedTime(new Date(when));
      await page.goto(url);
      return page.$$eval('.call.now', (els) => els.map((e) => `${e.closest('.call-group').querySelector('.call-who').textContent.trim()} ${e.querySelector('.call-number').textContent}`));
    };
    // Every contact with a daytime and a 夜間・休日 number shows both.
    const groups = await (async () => {
      await page.goto(url);
      return page.$$eval('.first-steps .call-group', (gs) => gs.map((g) => ({
        who: g.querySelector('.call-who').textContent.trim(),
        numbers: [...g.querySelectorAll('.call')].map((c) => ({ when: c.querySelector('.call-when')?.textContent ?? '', number: c.querySelector('.call-number').textContent, visible: c.getBoundingClientRect().height > 0 })),
      })));
    })();
    const it = groups.find((g) => g.who.startsWith('情報システム部門'));
    assert.deepEqual(it?.numbers.map((n) => [n.when, n.number, n.visible]), [
      ['日中（平日 8:30〜17:15）', '03-1234-5600', true],
      ['夜間・休日', '090-1234-5678', true],
    ]);
    // The page is read in Japan time; the clock is set in it.
    assert.deepEqual(await marked('2026-11-18T10:00:00+09:00'), ['情報システム部門 03-1234-5600'], 'Wednesday 10:00');
    assert.deepEqual(await marked('2026-11-18T22:30:00+09:00'), ['当直管理者 内線 2999', '情報システム部門 090-1234-5678'], 'Wednesday 22:30');
    assert.deepEqual(await marked('2026-11-21T11:00:00+09:00'), ['当直管理者 内線 2999', '情報システム部門 090-1234-5678'], 'Saturday 11:00');
    assert.deepEqual(await marked('2026-11-18T17:15:00+09:00'), ['当直管理者 内線 2999', '情報システム部門 090-1234-5678'], 'Wednesday 17:15, the night begins');
    const label = await page.$eval('.call.now .now-label', (e) => getComputedStyle(e).display);
    assert.notEqual(label, 'none', 'いまはこちら is not shown');
    // Printed: both numbers, no mark, two pages (the finder's, then the
    // organisation's).
    const pdf = path.join(tmp, 'incident.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const sizes = pageSizes(pdf);
    assert.equal(sizes.length, 2, `緊急時対応 prints on ${sizes.length} pages`);
    const [first, second] = readPages(pdf).map((p) => squash(p.lines.map((l) => l.text).join('')));
    for (const want of ['発見した職員がすること', '03-1234-5600', '090-1234-5678', '夜間・休日', '内線2999', 'してはいけないこと']) {
      assert.ok(first.includes(want), `page 1 lacks ${want}`);
    }
    assert.ok(!first.includes('いまはこちら') && !second.includes('いまはこちら'), 'いまはこちら printed');
    assert.ok(second.startsWith('情報システム部門・委員会が行う報告') || second.includes('情報システム部門・委員会が行う報告'));
    assert.ok(!first.includes('情報システム部門・委員会が行う報告'), "the organisation's reports are on the finder's page");
  }, { timezoneId: 'Asia/Tokyo' });
});

test('with scripts off the emergency page still gives both numbers and marks none', { timeout: 60_000 }, async () => {
  const site = resolveSite();
  await withPage(async (page) => {
    await page.goto(pathToFileURL(path.join(site, 'incident.html')).href);
    const facts = await page.$$eval('.call', (calls) => ({
      numbers: calls.map((e) => e.querySelector('.call-number').textContent),
      marked: calls.filter((e) => e.classList.contains('now')).length,
      labels: calls.filter((e) => getComputedStyle(e.querySelector('.now-label')).display !== 'none').length,
    }));
    assert.ok(facts.numbers.includes('03-1234-5600') && facts.numbers.includes('090-1234-5678'), String(facts.numbers));
    assert.equal(facts.marked, 0);
    assert.equal(facts.labels, 0);
  }, { javaScriptEnabled: false });
});

test('the poster is exactly one A4 page with the steps, the numbers day and night, the don\'ts, the edition and a QR code', { timeout: 60_000 }, async () => {
  const site = resolveSite();
  await withPage(async (page, tmp) => {
    await page.goto(pathToFileURL(path.join(site, 'poster.html')).href);
    const pdf = path.join(tmp, 'poster.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const sizes = pageSizes(pdf);
    assert.equal(sizes.length, 1, `the poster prints on ${sizes.length} pages`);
    assert.ok(A4(sizes[0]), `the poster is ${sizes[0].width} × ${sizes[0].height} pt`);
    const text = squash(readPages(pdf)[0].lines.map((l) => l.text).join(''));
    for (const want of ['緊急時対応', '端末をネットワークから切り離す', '診療を止めないため', '日中（平日）', '夜間・休日', '03-1234-5600', '090-1234-5678', '内線2999', 'してはいけないこと', '電源を切らない', '第1版', '作成日', '印刷日', 'https://intranet.example.jp/handbook/incident.html']) {
      assert.ok(text.includes(squash(want)), `the poster lacks ${want}`);
    }
    // The print date is today's, written in by the page.
    assert.match(text, /印刷日令和\d+年\d+月\d+日/);
    // The QR code is drawn (a path of modules), not an image to fetch.
    assert.ok(await page.$('.poster-qr svg path'));
  });
});

test('one role card per role, each on its own A4 page with its time-phase rows', { timeout: 60_000 }, async () => {
  const site = resolveSite();
  await withPage(async (page, tmp) => {
    await page.goto(pathToFileURL(path.join(site, 'cards.html')).href);
    const roles = await page.$$eval('.role-card', (cards) => cards.map((c) => ({
      name: c.querySelector('.card-title').textContent,
      phases: [...c.querySelectorAll('.phase-row')].map((r) => r.textContent.trim()),
      rows: c.querySelectorAll('.action-row').length,
    })));
    assert.deepEqual(roles.map((r) => r.name), ['発見した職員', '部門責任者（所属長）', '当直管理者', '情報システム部門', '個人情報管理委員会', '医療情報システム安全管理責任者']);
    const pdf = path.join(tmp, 'cards.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const sizes = pageSizes(pdf);
    assert.equal(sizes.length, roles.length, `${roles.length} cards on ${sizes.length} pages`);
    assert.ok(sizes.every(A4), 'not all A4');
    const printed = readPages(pdf).map((p) => squash(p.lines.map((l) => l.text).join('')));
    for (const [i, r] of roles.entries()) {
      assert.ok(r.rows > 0 && r.phases.length > 0, `${r.name}: no rows`);
      const t = printed[i];
      assert.ok(t.startsWith(squash(`役割別アクションカード${r.name}`)), `page ${i + 1} is not ${r.name}'s card: ${t.slice(0, 40)}`);
      for (const p of r.phases) assert.ok(t.includes(squash(p)), `${r.name}: ${p} not printed on its page`);
      for (const col of ['済', 'やること', '時刻', '実施者', '＿＿：＿＿']) assert.ok(t.includes(col), `${r.name}: no ${col}`);
    }
    assert.deepEqual(roles[0].phases, ['最初の15分', 'その日のうちに（24時間以内）']);
    assert.ok(roles[3].phases.includes('1時間以内') && roles[3].phases.includes('復旧まで'));
  });
});

test('the pocket-card sheet is one A4 page of ten 91×55 mm cards, nothing cut off', { timeout: 60_000 }, async () => {
  const site = resolveSite();
  await withPage(async (page, tmp) => {
    await page.goto(pathToFileURL(path.join(site, 'wallet.html')).href);
    await page.emulateMedia({ media: 'print' });
    const cards = await page.$$eval('.wallet-card', (cs) => cs.map((c) => {
      const r = c.getBoundingClientRect();
      const mm = 25.4 / 96;
      return {
        w: r.width * mm, h: r.height * mm, x: r.left * mm, y: r.top * mm,
        fits: c.scrollHeight <= c.clientHeight + 1 && c.scrollWidth <= c.clientWidth + 1,
      };
    }));
    assert.equal(cards.length, 10);
    for (const [i, c] of cards.entries()) {
      assert.ok(Math.abs(c.w - 91) < 0.3 && Math.abs(c.h - 55) < 0.3, `card ${i + 1} is ${c.w.toFixed(1)} × ${c.h.toFixed(1)} mm`);
      assert.ok(c.fits, `card ${i + 1}: its text runs over the card`);
    }
    const pdf = path.join(tmp, 'wallet.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const sizes = pageSizes(pdf);
    assert.equal(sizes.length, 1, `the sheet prints on ${sizes.length} pages`);
    assert.ok(A4(sizes[0]));
    // Ten cards printed where they were laid out: their titles, 55 mm apart.
    const words = readPages(pdf)[0].words.filter((w) => w.text === '緊急時対応');
    assert.equal(words.length, 10);
    const ys = [...new Set(words.map((w) => Math.round(w.y0)))].sort((a, b) => a - b);
    assert.equal(ys.length, 5);
    for (let i = 1; i < ys.length; i++) {
      const gap = ((ys[i] - ys[i - 1]) * 25.4) / 72;
      assert.ok(Math.abs(gap - 55) < 0.6, `rows ${gap.toFixed(1)} mm apart`);
    }
    const xs = [...new Set(words.map((w) => Math.round(w.x0)))].sort((a, b) => a - b);
    assert.equal(xs.length, 2);
    assert.ok(Math.abs(((xs[1] - xs[0]) * 25.4) / 72 - 91) < 0.6);
  });
});
