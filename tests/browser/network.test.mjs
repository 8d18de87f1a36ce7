// Network gate: a page of every kind (page-kinds.mjs), opened from file:// in
// Chromium, requests nothing but files inside the site folder. Every request
// the browser context sees (pages and their workers), every failed request and
// every WebSocket is recorded from navigation until the network has been idle;
// a URL that is not file: inside the folder (data:, blob: and about: allowed)
// fails the test, listed with its page. A failed request inside the folder (a
// missing file) fails it too.
//
// The recorder proves itself first: on a crafted page in os.tmpdir() that
// loads an https: image, a file outside its folder and a fetch() to a
// loopback port, it must record exactly those.
//
//   HANDBOOK_SITE=$PWD/target/browser-site node --test tests/browser/network.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, resolveSite } from './chromium.mjs';
import { pageKinds, settle } from './page-kinds.mjs';

const PAGE_TIMEOUT_MS = 30_000;
const INERT_SCHEMES = new Set(['data:', 'blob:', 'about:']);

/** Why `url` is not allowed for a page of the site folder `site`, or null. */
function outside(site, url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return 'unparseable URL';
  }
  if (INERT_SCHEMES.has(u.protocol)) return null;
  if (u.protocol !== 'file:') return `not a file: URL (${u.protocol})`;
  let file;
  try {
    file = path.resolve(fileURLToPath(u));
  } catch {
    return 'file: URL with a host';
  }
  return file === site || file.startsWith(site + path.sep) ? null : 'file outside the site folder';
}

/**
 * Open `url` in a fresh page of `context` and record every request until the
 * network is idle. Returns { offending: [...], failed: [...], count }.
 */
async function recordPage(context, site, url, after = async () => {}) {
  const seen = [];
  const failed = [];
  const onRequest = (r) => seen.push(r.url());
  const onFailed = (r) => {
    seen.push(r.url());
    failed.push([r.url(), r.failure()?.errorText ?? 'failed']);
  };
  context.on('request', onRequest);
  context.on('requestfailed', onFailed);
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  page.on('websocket', (ws) => seen.push(ws.url()));
  try {
    await page.goto(url, { waitUntil: 'load' });
    await after(page);
    await page.waitForLoadState('networkidle');
  } finally {
    await page.close().catch(() => {});
    context.off('request', onRequest);
    context.off('requestfailed', onFailed);
  }
  const offending = [...new Set(seen)]
    .map((u) => [u, outside(site, u)])
    .filter(([, why]) => why)
    .map(([u, why]) => `${u} (${why})`);
  // A failed request outside the folder is already listed as outside.
  const failedInside = [...new Set(failed.filter(([u]) => !outside(site, u)).map(([u, e]) => `${u} (${e})`))];
  return { offending, failed: failedInside, count: seen.length };
}

test('network: every kind of page requests only files inside the site folder', { timeout: 300_000 }, async (t) => {
  const site = resolveSite();
  const kinds = pageKinds(site);
  const { context, userDataDir } = await launch();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-network-'));
  const problems = [];
  try {
    // Self-check: the recorder catches what it is meant to catch.
    const dir = path.join(scratch, 'site');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(scratch, 'outside.css'), 'body{}');
    fs.writeFileSync(path.join(dir, 'inside.css'), 'body{}');
    fs.writeFileSync(
      path.join(dir, 'crafted.html'),
      '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>t</title>' +
        '<link rel="stylesheet" href="inside.css"><link rel="stylesheet" href="../outside.css"></head>' +
        '<body><h1>t</h1><img src="https://example.com/x.png" alt="">' +
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">' +
        '<script>fetch("http://127.0.0.1:9/beacon").catch(() => {});</script></body></html>',
    );
    const real = fs.realpathSync(dir);
    const probe = await recordPage(context, real, pathToFileURL(path.join(real, 'crafted.html')).href);
    const got = probe.offending.join('\n');
    for (const want of ['https://example.com/x.png', '/outside.css', 'http://127.0.0.1:9/beacon']) {
      assert.ok(got.includes(want), `self-check: the recorder missed ${want}; it recorded:\n${got}`);
    }
    assert.equal(probe.offending.length, 3, `self-check: expected 3 outside requests, got:\n${got}`);

    for (const kind of kinds) {
      const r = await recordPage(context, site, kind.url, (page) => settle(page, kind));
      t.diagnostic(`${kind.kind}: ${kind.rel}: ${r.count} request(s)`);
      if (r.count === 0) problems.push(`${kind.rel} (${kind.kind}): no request recorded at all`);
      for (const o of r.offending) problems.push(`${kind.rel} (${kind.kind}): ${o}`);
      for (const f of r.failed) problems.push(`${kind.rel} (${kind.kind}): failed request ${f}`);
    }
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  assert.ok(
    problems.length === 0,
    `Requests outside the site folder or failed (${problems.length}):\n` +
      problems.map((p) => `  - ${p}`).join('\n'),
  );
});
