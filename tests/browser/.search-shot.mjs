import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { launch } from './chromium.mjs';
const [site, out, ...specs] = process.argv.slice(2);
const { context, userDataDir } = await launch();
const page = await context.newPage();
page.on('console', (m) => console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
for (const spec of specs) {
  const [q, size] = spec.split('@');
  const [w, h] = (size || '1280x900').split('x').map(Number);
  await page.setViewportSize({ width: w, height: h });
  await page.goto(pathToFileURL(path.join(site, 'search.html')).href + '?q=' + encodeURIComponent(q));
  await page.waitForSelector('body[data-search-ready]');
  const name = `search-${w}-${Buffer.from(q).toString('hex').slice(0, 8)}.png`;
  await page.screenshot({ path: path.join(out, name) });
  console.log(name, await page.$eval('#search-status', (e) => e.textContent));
}
await context.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
