// Layout in a phone-sized window: a nested 号 list sits under its item's
// text, never beside it (a flex row once squeezed the text into one
// character column on a 390 px screen).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, resolveSite } from './chromium.mjs';

test('nested item lists sit under their text on a phone', { timeout: 120_000 }, async () => {
  const site = resolveSite();
  const dir = path.join(site, 'regulations');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
  const { context, userDataDir } = await launch();
  const problems = [];
  let nested = 0;
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const f of files) {
      await page.goto(pathToFileURL(path.join(dir, f)).href);
      const found = await page.$$eval('.items li > .items', (lists) =>
        lists.map((ol) => {
          const text = ol.parentElement.querySelector(':scope > .item-text').getBoundingClientRect();
          const list = ol.getBoundingClientRect();
          return { below: list.top >= text.bottom - 1, textWidth: text.width, marker: ol.parentElement.querySelector('.marker').textContent };
        }),
      );
      nested += found.length;
      for (const n of found) {
        if (!n.below || n.textWidth < 200) {
          problems.push(`${f}: item ${n.marker}: nested list beside its text (text ${Math.round(n.textWidth)} px wide)`);
        }
      }
    }
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  assert.ok(nested > 0, 'no nested item lists found: the example should have some (seed 000 section 4)');
  assert.deepEqual(problems, []);
});
