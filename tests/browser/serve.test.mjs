// `handbook serve` edited by a script, in a real Chromium: a saved change
// reloads the open page by itself; broken sources show the errors (with
// file and line) instead of the stale page, and fixing them brings the
// page back. The preview requests nothing but its own address.
//
// Uses the example handbook's sources (copied to a scratch folder) and the
// binary `cargo test` built (or HANDBOOK_BIN).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './chromium.mjs';
import { copySources, editAndWait, startServer, stopServer } from './serve-session.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REGULATION = 'content/regulations/security-incident.md';
const PAGE = 'regulations/security-incident.html';

test('serve: save reloads the page; errors replace it until fixed', { timeout: 180_000 }, async () => {
  const root = copySources(REPO);
  const server = await startServer(root);
  const { context, userDataDir } = await launch({ loopback: true });
  try {
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(server.url + PAGE);
    assert.match(await page.locator('h1').innerText(), /セキュリティ事故/);

    const file = path.join(root, REGULATION);
    const original = fs.readFileSync(file, 'utf8');

    // 1. An edit shows up without touching the browser.
    const marker = '自動再読込確認用の文言';
    const edited = original.replace('個人情報保護マネジメントシステムに基づいて', `${marker}、個人情報保護マネジメントシステムに基づいて`);
    assert.notEqual(edited, original, 'the fixture edit must change the text');
    const ms = await editAndWait(page, file, edited, (m) => document.body.innerText.includes(m), marker)
      .catch((e) => {
        throw new Error(`${e.message}\nserver log:\n${server.log()}`);
      });
    console.log(`save → reloaded page: ${ms.toFixed(0)} ms`);

    // 2. Broken front matter: every page is the error page, never stale.
    const broken = edited.replace(/^title: .*$/m, 'title: [unclosed');
    await editAndWait(page, file, broken, () => document.title.startsWith('エラー'));
    const text = await page.locator('main').innerText();
    assert.match(text, /E0\d\d/, 'the error code is shown');
    assert.match(text, /content\/regulations\/security-incident\.md:\d+:\d+/, 'file:line:column shown');
    assert.ok(!text.includes(marker), 'no stale regulation text while the sources are broken');
    const other = await context.newPage();
    const response = await other.goto(server.url + 'index.html');
    assert.equal(response.status(), 500, 'any page shows the errors');
    assert.match(await other.title(), /^エラー/);
    await other.close();

    // 3. Fixed: the page comes back by itself.
    await editAndWait(page, file, original, () => !document.title.startsWith('エラー') && (document.querySelector('h1')?.textContent || '').includes('セキュリティ事故'));
    assert.match(await page.locator('h1').innerText(), /セキュリティ事故/);
    assert.ok(!(await page.locator('main').innerText()).includes(marker));

    const outside = requests.filter((u) => !u.startsWith(server.url));
    assert.deepEqual(outside, [], 'the preview requests only its own address');
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    stopServer(server);
    fs.rmSync(root, { recursive: true, force: true });
  }
});
