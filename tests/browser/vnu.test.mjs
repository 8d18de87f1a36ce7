// HTML gate: the W3C Nu HTML Checker (vnu.jar from npm vnu-jar, run with
// the system java) finds no error in any .html file of the built site.
// Warnings are printed as diagnostics; info messages are ignored.
//
// One run of the checker takes every .html file of the site plus a crafted,
// invalid page in os.tmpdir(): the crafted page must get errors (so the gate
// is known to work) and every site file must be named in the checker's
// --verbose list (vnu passes a file it cannot read without a word).
// A missing java or vnu.jar is a failure, never a skip.
//
//   HANDBOOK_SITE=$PWD/target/browser-site node --test tests/browser/vnu.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { resolveSite, walkHtml } from './chromium.mjs';

const require = createRequire(import.meta.url);
// vnu-jar's main export is the path of vnu.jar. Its own launcher
// (vnu-jar.js) may download a Java runtime, so java is called directly.
const VNU_JAR = String(require('vnu-jar'));
const JAVA = process.env.JAVA || 'java';


function run(cmd, args) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && error.code === 'ENOENT') {
        reject(new Error(`${cmd} not found: run scripts/setup-test-deps.sh (installs a headless JRE) or set JAVA`));
      } else if (error) {
        reject(new Error(`${cmd} ${args.join(' ')} failed (${error.code ?? error.signal}):\n${stderr}${stdout}`));
      } else resolve({ stdout, stderr });
    });
  });
}

test('vnu: the Nu HTML Checker finds no error in any HTML file of the site', { timeout: 300_000 }, async (t) => {
  const site = resolveSite();
  assert.ok(fs.existsSync(VNU_JAR), `no ${VNU_JAR}: run scripts/setup-test-deps.sh`);
  const files = walkHtml(site).sort();
  assert.ok(files.length > 0, `no .html file in ${site}`);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-vnu-'));
  const crafted = path.join(scratch, 'crafted.html');
  fs.writeFileSync(
    crafted,
    '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>t</title></head>' +
      '<body><h1>t</h1><p><div>x</p><img src="x.png"><span id="a"></span><span id="a"></span></body></html>',
  );
  let out;
  try {
    const { stdout: version } = await run(JAVA, ['-jar', VNU_JAR, '--version']);
    t.diagnostic(`vnu ${version.trim()} (${VNU_JAR}) on ${files.length} file(s)`);
    out = await run(JAVA, [
      '-jar', VNU_JAR, '--format', 'json', '--stdout', '--exit-zero-always', '--verbose',
      crafted, ...files,
    ]);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }

  const { messages } = JSON.parse(out.stdout);
  const checked = new Set(out.stderr.split('\n').map((l) => l.trim()).filter(Boolean));
  const unchecked = files.filter((f) => !checked.has(f));
  assert.deepEqual(unchecked, [], 'vnu did not report checking these files');

  const where = (m) => {
    let file = m.url ?? '?';
    try {
      file = path.relative(site, fileURLToPath(m.url));
    } catch {}
    return `${file}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}`;
  };
  const isCrafted = (m) => m.url && m.url.endsWith('/crafted.html') && m.url.includes('handbook-vnu-');
  const probeErrors = messages.filter((m) => isCrafted(m) && m.type === 'error');
  assert.ok(
    probeErrors.length >= 3,
    `self-check: vnu found ${probeErrors.length} error(s) in a crafted invalid page, expected at least 3`,
  );

  const errors = [];
  const warnings = new Map(); // message -> locations
  for (const m of messages.filter((m) => !isCrafted(m))) {
    if (m.type === 'error' || m.type === 'non-document-error') {
      const extract = m.extract ? ` [${m.extract.replace(/\s+/g, ' ')}]` : '';
      errors.push(`${m.type}: ${where(m)}: ${m.message}${extract}`);
    } else if (m.subType === 'warning') {
      if (!warnings.has(m.message)) warnings.set(m.message, []);
      warnings.get(m.message).push(where(m));
    }
  }
  for (const [message, at] of warnings) {
    t.diagnostic(`warning ×${at.length}: ${message} (${at.slice(0, 3).join(', ')}${at.length > 3 ? ', …' : ''})`);
  }
  assert.ok(
    errors.length === 0,
    `Nu HTML Checker errors (${errors.length}):\n` + errors.map((e) => `  - ${e}`).join('\n'),
  );
});
