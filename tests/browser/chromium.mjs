// Shared by the browser tests: the system Chromium, started the way this
// closed network needs, and the built site under test (HANDBOOK_SITE).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--proxy-server=127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
];
const LAUNCH_TIMEOUT_MS = 60_000;

// `loopback: true` lets the browser reach 127.0.0.1 directly (the preview
// server); otherwise even loopback goes to the dead proxy, so a page that
// asks for any address fails loudly.
// `contextOptions` go to Playwright's context (timezoneId, javaScriptEnabled…).
// `prefs` are the browser's own settings, written into the profile before it
// starts (e.g. { webkit: { webprefs: { default_font_size: 32 } } }: the font
// size a reader sets in the browser's settings).
export async function launch({ loopback = false, contextOptions = {}, prefs = null } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: run scripts/setup-test-deps.sh ` +
        '(installs Debian\'s chromium) or set CHROMIUM to a Chromium binary. ' +
        'The browser test does not skip.',
    );
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-chromium-'));
  if (prefs) {
    fs.mkdirSync(path.join(userDataDir, 'Default'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify(prefs));
  }
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: loopback
        ? CHROMIUM_ARGS.map((a) => (a.startsWith('--proxy-bypass-list=') ? '--proxy-bypass-list=127.0.0.1' : a))
        : CHROMIUM_ARGS,
      headless: true,
      timeout: LAUNCH_TIMEOUT_MS,
      locale: 'ja-JP',
      ...contextOptions,
    });
    return { context, userDataDir };
  } catch (e) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(`could not launch Chromium at ${CHROMIUM}: ${e.message}`);
  }
}


export function resolveSite() {
  const raw = process.env.HANDBOOK_SITE;
  if (!raw) {
    throw new Error(
      'HANDBOOK_SITE is not set: point it at a built site folder, e.g.\n' +
        '  HANDBOOK_SITE=$PWD/target/browser-site node --test tests/browser/',
    );
  }
  const abs = path.resolve(raw);
  if (!fs.existsSync(path.join(abs, 'index.html'))) {
    throw new Error(`HANDBOOK_SITE=${raw}: no index.html in ${abs} (build the site first)`);
  }
  return fs.realpathSync(abs);
}

/** Every .html file under `dir`, at any depth. */
export function walkHtml(dir, out = []) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) walkHtml(p, out);
    else if (/\.html?$/i.test(ent.name)) out.push(p);
  }
  return out;
}
