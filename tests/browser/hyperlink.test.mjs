// Link gate, by a third-party checker: hyperlink (npm hyperlink, by Munter)
// reads the built site straight from disk (file:, no server), starting from
// every .html file and following relative links, and must find no broken link,
// no missing file and no broken #fragment. --internal keeps it to the site:
// https:, mailto: and tel: links are not checked (no network).
// links.test.mjs checks the same in Chromium with our own crawler.
//
// hyperlink proves itself first on a crafted site in os.tmpdir(): a link to a
// missing file, a missing fragment on another page, a missing fragment on the
// same page and one found only after its target page was read must all fail,
// and its external links must not be checked.
//
//   HANDBOOK_SITE=$PWD/target/browser-site node --test tests/browser/hyperlink.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { resolveSite, walkHtml } from './chromium.mjs';

const require = createRequire(import.meta.url);
const HYPERLINK_CLI = require.resolve('hyperlink/lib/cli.js');
const HYPERLINK_VERSION = require('hyperlink/package.json').version;


/**
 * Run hyperlink on every .html file under `root`; returns its TAP results:
 * { tests: [{ ok, kind, name, detail }], summary } (detail: the YAML block).
 */
function hyperlink(root) {
  const files = walkHtml(root).sort();
  const args = [HYPERLINK_CLI, '--internal', '--recursive', '--root', root, ...files];
  // hyperlink calls process.exit() when done, which cuts off output still
  // queued for a pipe: its TAP report goes to a file instead.
  const tapDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-hyperlink-tap-'));
  const tapFile = path.join(tapDir, 'report.tap');
  const fd = fs.openSync(tapFile, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      fs.closeSync(fd);
      const stdout = fs.readFileSync(tapFile, 'utf8');
      fs.rmSync(tapDir, { recursive: true, force: true });
      // Exit 1 means failed tests; no TAP plan means it did not finish.
      if (!/^1\.\.\d+$/m.test(stdout) || (code !== 0 && code !== 1)) {
        reject(new Error(`hyperlink did not finish (exit ${code ?? signal}):\n${stderr}${stdout}`));
        return;
      }
      const tests = [];
      let last = null;
      for (const line of stdout.split('\n')) {
        const m = /^(not ok|ok) \d+ (\S+) ?(.*)$/.exec(line);
        if (m) {
          last = { ok: m[1] === 'ok', kind: m[2], name: m[3], detail: [] };
          tests.push(last);
        } else if (last && /^ {2,}\S/.test(line) && !/^ *(---|\.\.\.)$/.test(line)) {
          last.detail.push(line.trim());
        }
      }
      resolve({ tests, files, stdout, exitCode: code });
    });
  });
}

const page = (title, body) =>
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

test(`hyperlink ${HYPERLINK_VERSION}: no broken link or #fragment in the site`, { timeout: 300_000 }, async (t) => {
  // Self-check on a crafted site.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-hyperlink-'));
  try {
    const w = (f, html) => fs.writeFileSync(path.join(scratch, f), html);
    w('index.html', page('i', '<h1 id="top">i</h1><a href="a.html">a</a> <a href="b.html">b</a>' +
      ' <a href="missing.html">m</a> <a href="a.html#nope">an</a> <a href="#self-missing">s</a>' +
      ' <a href="https://example.com/">x</a> <a href="mailto:a@example.jp">m</a> <a href="tel:0312345678">t</a>'));
    w('a.html', page('a', '<h1 id="a">a</h1><a href="c.html">c</a> <a href="index.html#top">top</a>'));
    w('b.html', page('b', '<h1 id="b">b</h1>'));
    // c.html is found only through a.html, after b.html was read.
    w('c.html', page('c', '<h1 id="c">c</h1><a href="b.html#late-missing">late</a>'));
    const probe = await hyperlink(fs.realpathSync(scratch));
    const failed = probe.tests.filter((x) => !x.ok).map((x) => `${x.kind} ${x.name}`);
    const expected = [
      'load missing.html',
      'fragment-check index.html --> #self-missing',
      'fragment-check index.html --> a.html#nope',
      'fragment-check c.html --> b.html#late-missing',
    ];
    for (const e of expected) {
      assert.ok(failed.includes(e), `self-check: hyperlink did not fail "${e}"; its failures:\n${failed.join('\n')}`);
    }
    assert.equal(failed.length, expected.length, `self-check: unexpected failures:\n${failed.join('\n')}`);
    assert.ok(probe.tests.some((x) => x.ok && x.kind === 'fragment-check'), 'self-check: no passing fragment check');
    assert.ok(!/example\.com|mailto:|tel:/.test(probe.stdout), 'self-check: hyperlink checked an external link');
    assert.notEqual(probe.exitCode, 0, 'self-check: hyperlink exited 0 with broken links');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }

  const site = resolveSite();
  const { tests, files, exitCode } = await hyperlink(site);
  const count = (kind) => tests.filter((x) => x.kind === kind).length;
  t.diagnostic(`hyperlink on ${files.length} page(s): ${tests.length} check(s), ` +
    `${count('load')} load, ${count('fragment-check')} fragment-check`);
  assert.ok(count('load') >= files.length, `hyperlink loaded ${count('load')} asset(s), fewer than the ${files.length} pages`);
  assert.ok(count('fragment-check') > 0, 'hyperlink checked no #fragment: the example links to articles');
  const failures = tests.filter((x) => !x.ok);
  assert.ok(
    failures.length === 0 && exitCode === 0,
    `hyperlink found ${failures.length} problem(s) (exit ${exitCode}):\n` +
      failures.map((x) => `  - ${x.kind} ${x.name}\n      ${x.detail.join('\n      ')}`).join('\n'),
  );
});
