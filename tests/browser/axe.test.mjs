// Accessibility gate: axe-core (npm axe-core) runs in Chromium on a page of
// every kind (page-kinds.mjs), opened from file://, and no serious or
// critical violation may be found. Moderate and minor ones are printed as
// diagnostics. axe runs with its default rule set (WCAG 2.x A/AA and best
// practices, no experimental rules).
//
// axe proves itself first on a crafted page in os.tmpdir() with an image
// without alt text and an unnamed button: it must report both as serious or
// critical.
//
//   HANDBOOK_SITE=$PWD/target/browser-site node --test tests/browser/axe.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { launch, resolveSite } from './chromium.mjs';
import { pageKinds, settle } from './page-kinds.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const AXE_VERSION = require('axe-core/package.json').version;
const PAGE_TIMEOUT_MS = 60_000;
const BLOCKING = new Set(['serious', 'critical']);

/** axe's violations on `url`, each { id, impact, help, targets }. */
async function axeViolations(context, url, after = async () => {}) {
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  try {
    await page.goto(url, { waitUntil: 'load' });
    await after(page);
    await page.addScriptTag({ path: AXE });
    return await page.evaluate(async () => {
      const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
    });
  } finally {
    await page.close().catch(() => {});
  }
}

const describe = (v) =>
  `${v.impact} ${v.id}: ${v.help} — ${v.targets.length} element(s): ` +
  v.targets.slice(0, 5).join(', ') +
  (v.targets.length > 5 ? ', …' : '');

/** Runs axe on a page of every kind in a browser with `contextOptions`. */
async function checkKinds(t, contextOptions, label) {
  const site = resolveSite();
  const kinds = pageKinds(site);
  const { context, userDataDir } = await launch({ contextOptions });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-axe-'));
  const problems = [];
  try {
    // Self-check: axe runs in these pages and reports what it should.
    const crafted = path.join(scratch, 'crafted.html');
    fs.writeFileSync(
      crafted,
      '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>t</title></head>' +
        '<body><main><h1>t</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
        '<button></button></main></body></html>',
    );
    const probe = await axeViolations(context, pathToFileURL(crafted).href);
    const blocking = probe.filter((v) => BLOCKING.has(v.impact)).map((v) => v.id);
    for (const id of ['image-alt', 'button-name']) {
      assert.ok(blocking.includes(id), `self-check: axe did not report ${id} on a crafted page; it reported: ${probe.map(describe).join('; ')}`);
    }

    for (const kind of kinds) {
      const violations = await axeViolations(context, kind.url, async (page) => {
        await settle(page, kind);
        if (contextOptions.colorScheme === 'dark') {
          // The page really is dark (not the light theme by mistake).
          const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          const [r, g, b] = bg.match(/\d+/g).map(Number);
          const binder = await page.evaluate(() => document.body.classList.contains('binder'));
          if (!binder && r + g + b > 150) problems.push(`${kind.rel}: not dark in dark mode (${bg})`);
        }
      });
      t.diagnostic(`${label}: ${kind.kind}: ${kind.rel}: ${violations.length} violation(s)`);
      for (const v of violations) {
        const line = `${label}: ${kind.rel} (${kind.kind}): ${describe(v)}`;
        if (BLOCKING.has(v.impact)) problems.push(line);
        else t.diagnostic(`  not blocking: ${line}`);
      }
    }
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  assert.ok(
    problems.length === 0,
    `Serious or critical accessibility violations (${problems.length}):\n` +
      problems.map((p) => `  - ${p}`).join('\n'),
  );
}

test(`axe-core ${AXE_VERSION}: no serious or critical violation on any kind of page`, { timeout: 300_000 }, async (t) => {
  await checkKinds(t, { colorScheme: 'light' }, 'light');
});

// The night shift: the system set to dark (prefers-color-scheme), which the
// 夜間表示 button sets the same colours for. The printable sheets and the
// binder stay paper-white.
test(`axe-core ${AXE_VERSION}: no serious or critical violation in the dark theme either`, { timeout: 300_000 }, async (t) => {
  await checkKinds(t, { colorScheme: 'dark' }, 'dark');
});
