// Ad-hoc screenshots (not a test): node .shots.mjs SITE OUT page.html[@WxH] ...
import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { launch } from './chromium.mjs';
const [site, out, ...pages] = process.argv.slice(2);
const { context, userDataDir } = await launch();
const page = await context.newPage();
for (const spec of pages) {
  const [file, size] = spec.split('@');
  const [w, h] = (size || '1280x900').split('x').map(Number);
  await page.setViewportSize({ width: w, height: h });
  await page.goto(pathToFileURL(path.join(site, file.split('#')[0])).href + (file.includes('#') ? '#' + file.split('#')[1] : ''));
  const name = file.replace(/[\/#]/g, '_') + `-${w}.png`;
  await page.screenshot({ path: path.join(out, name), fullPage: false });
  console.log(name);
}
await context.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
