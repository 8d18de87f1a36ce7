// A `handbook serve` session driven by a script, for serve.test.mjs and
// bench-serve.mjs: copy a handbook's sources, start the preview on a free
// port, open a page in Chromium, edit a source, and wait for the page to
// reload by itself.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The handbook binary: HANDBOOK_BIN, else the debug build `cargo test` made. */
export function handbookBinary() {
  const bin = process.env.HANDBOOK_BIN || path.join(REPO, 'target', 'debug', 'handbook');
  if (!fs.existsSync(bin)) {
    throw new Error(`${bin} is missing: run cargo build first (or set HANDBOOK_BIN)`);
  }
  return bin;
}

/** A scratch copy of the sources of the handbook at `root`. */
export function copySources(root) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-serve-'));
  for (const name of ['handbook.yaml', 'content', 'templates', 'theme']) {
    const from = path.join(root, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, name), { recursive: true });
  }
  return dir;
}

/** Starts `handbook serve` on `root`; resolves once it prints its address. */
export function startServer(root, bin = handbookBinary()) {
  const child = spawn(bin, ['serve', '--root', root, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH || '1795132800' },
  });
  let log = '';
  child.stderr.on('data', (d) => {
    log += d;
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`handbook serve printed no address within 60 s:\n${out}\n${log}`));
    }, 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, log: () => log });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`handbook serve exited (${code}) before serving:\n${log}`));
    });
  });
}

export function stopServer(server) {
  server.child.kill('SIGTERM');
}

/**
 * Writes `text` to `file` and waits until `page` has reloaded by itself and
 * `ready(arg)`, evaluated in the page, holds. Returns the milliseconds from
 * the write to then.
 */
export async function editAndWait(page, file, text, ready, arg = null, timeoutMs = 20_000) {
  const loaded = page.waitForEvent('load', { timeout: timeoutMs });
  const start = performance.now();
  fs.writeFileSync(file, text);
  await loaded;
  await page.waitForFunction(ready, arg, { timeout: timeoutMs, polling: 'raf' });
  return performance.now() - start;
}
