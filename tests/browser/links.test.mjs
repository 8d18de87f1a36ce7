// Browser test for the built handbook site, opened straight from disk (file://).
//
//   HANDBOOK_SITE=/abs/path/to/site node --test tests/browser/
//
// One real Chromium (system /usr/bin/chromium, or $CHROMIUM) driven by
// playwright-core crawls every page reachable from index.html through a[href],
// then four tests check what the crawl saw:
//   a. links are relative, their targets exist, their #fragments exist;
//   b. every .html file in the site is reachable from index.html;
//   c. pages load without console errors, uncaught exceptions or failed
//      requests, and request nothing outside the site folder;
//   d. <html lang="ja">, a non-empty <title>, exactly one <h1>, no duplicate ids.
// Every failure of a test is collected and reported in one assertion message.
// A missing Chromium is a failure, never a skip.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM, launch, resolveSite, walkHtml } from './chromium.mjs';

const PAGE_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT_MS = 300_000;

const HTML_EXT = /\.html?$/i;
// Schemes a link may use without being relative; such links are not followed.
// https: is for the web pages of outside bodies (a report form): a reader
// follows them only when online, and nothing is loaded from them.
const ALLOWED_SCHEMES = new Set(['mailto:', 'tel:', 'https:']);
// Non-network URLs a page may request besides files of the site.
const INERT_SCHEMES = new Set(['data:', 'blob:', 'about:']);

/** Site-relative display path with forward slashes. */
function rel(site, file) {
  const r = path.relative(site, file).split(path.sep).join('/');
  return r === '' ? '.' : r;
}

function inside(site, file) {
  return file === site || file.startsWith(site + path.sep);
}

function report(title, failures) {
  return `${title} (${failures.length}):\n` + failures.map((f) => `  - ${f}`).join('\n');
}



/**
 * Crawl the site once in the browser and record, per page, what the tests need.
 * Returns { site, pages: Map<file, PageInfo>, linkFailures, resourceFailures }.
 */
async function crawlSite() {
  const site = resolveSite();
  const { context, userDataDir } = await launch();

  /** @type {Map<string, any>} file path -> info recorded when loaded */
  const pages = new Map();
  const linkFailures = [];
  const resourceFailures = [];
  // Fragment checks wait until every target page has been loaded.
  const fragmentChecks = []; // { from, raw, target, id }

  let current = null; // info of the page being loaded; events go there
  const note = (msg) => {
    if (current) current.events.push(msg);
  };

  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const loc = m.location();
      const where = loc && loc.url ? ` (at ${loc.url}:${loc.lineNumber + 1})` : '';
      note(`console error: ${m.text()}${where}`);
    });
    page.on('pageerror', (e) => note(`uncaught exception: ${e.message}`));
    page.on('requestfailed', (r) =>
      note(`request failed: ${r.url()} (${r.failure()?.errorText ?? 'unknown error'})`),
    );
    page.on('request', (r) => {
      const u = r.url();
      let parsed;
      try {
        parsed = new URL(u);
      } catch {
        note(`request to an unparseable URL: ${u}`);
        return;
      }
      if (INERT_SCHEMES.has(parsed.protocol)) return;
      if (parsed.protocol !== 'file:') {
        note(`request outside the site (not file://): ${u}`);
        return;
      }
      let file;
      try {
        file = fileURLToPath(parsed);
      } catch {
        note(`request to a file URL with a host: ${u}`);
        return;
      }
      if (!inside(site, path.resolve(file))) note(`request outside the site folder: ${u}`);
    });
    page.on('dialog', (d) => {
      note(`page opened a ${d.type()} dialog: ${d.message()}`);
      d.dismiss().catch(() => {});
    });

    const index = path.join(site, 'index.html');
    const queue = [index];
    const queued = new Set(queue);

    while (queue.length > 0) {
      const file = queue.shift();
      const from = rel(site, file);
      const url = pathToFileURL(file).href;
      const info = { file, url, events: [], ids: null, loadError: null };
      pages.set(file, info);
      current = info;
      try {
        await page.goto(url, { waitUntil: 'load' });
        // Let the event loop and one frame run so late errors land on this page.
        await page.evaluate(
          () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))),
        );
        Object.assign(
          info,
          await page.evaluate(() => {
            const resourceSel = [
              'img[src]', 'script[src]', 'iframe[src]', 'embed[src]', 'source[src]',
              'video[src]', 'audio[src]', 'track[src]', 'input[type=image][src]', 'object[data]',
              'link[href]',
            ].join(',');
            const linkRels = /(^|\s)(stylesheet|icon|shortcut|apple-touch-icon|preload|modulepreload|prefetch|manifest)(\s|$)/i;
            const resources = [];
            for (const el of document.querySelectorAll(resourceSel)) {
              const tag = el.tagName.toLowerCase();
              if (tag === 'link' && !linkRels.test(el.getAttribute('rel') || '')) continue;
              const attr = tag === 'link' ? 'href' : tag === 'object' ? 'data' : 'src';
              resources.push({ tag, attr, raw: el.getAttribute(attr), resolved: el[attr] });
            }
            return {
              lang: document.documentElement.getAttribute('lang'),
              title: document.title,
              h1Count: document.querySelectorAll('h1').length,
              ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
              // SVG <a> elements (the contact chart) have no string .href.
              links: [...document.querySelectorAll('a[href]')].map((a) => ({
                raw: a.getAttribute('href'),
                resolved: new URL(a.getAttribute('href'), document.baseURI).href,
              })),
              resources,
            };
          }),
        );
      } catch (e) {
        info.loadError = e.message.split('\n')[0];
        current = null;
        continue;
      }
      current = null;

      for (const { raw, resolved } of info.links) {
        const href = raw.trim();
        const fail = (reason) => linkFailures.push(`${from} → "${raw}": ${reason}`);
        const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(href);
        if (scheme) {
          if (!ALLOWED_SCHEMES.has(scheme[1].toLowerCase())) {
            fail(`not a relative link (${scheme[1]} URL)`);
          }
          continue;
        }
        if (/^[/\\]{2}/.test(href)) {
          fail('not a relative link (protocol-relative //host URL)');
          continue;
        }
        if (/^[/\\]/.test(href)) {
          fail('not a relative link (absolute /path, breaks over file://)');
          continue;
        }
        let target;
        try {
          const u = new URL(resolved);
          if (u.protocol !== 'file:') {
            fail(`resolves to a non-file URL ${resolved}`);
            continue;
          }
          target = { file: path.resolve(fileURLToPath(new URL(u.pathname, 'file:///'))), hash: u.hash };
        } catch (e) {
          fail(`cannot resolve (${e.message})`);
          continue;
        }
        if (!inside(site, target.file)) {
          fail(`points outside the site folder (${target.file})`);
          continue;
        }
        let stat;
        try {
          stat = fs.statSync(target.file);
        } catch {
          fail(`target file does not exist: ${rel(site, target.file)}`);
          continue;
        }
        if (stat.isDirectory()) {
          fail(
            `target is a folder (${rel(site, target.file)}/); over file:// that shows a ` +
              'folder listing: link to the .html file',
          );
          continue;
        }
        const isHtml = HTML_EXT.test(target.file);
        if (isHtml && !queued.has(target.file)) {
          queued.add(target.file);
          queue.push(target.file);
        }
        if (target.hash.length > 1 && isHtml) {
          let id;
          try {
            id = decodeURIComponent(target.hash.slice(1));
          } catch {
            fail(`malformed percent-encoding in fragment ${target.hash}`);
            continue;
          }
          fragmentChecks.push({ from, raw, target: target.file, id });
        }
      }

      for (const { tag, attr, raw, resolved } of info.resources) {
        const src = (raw ?? '').trim();
        const fail = (reason) =>
          resourceFailures.push(`${from}: <${tag} ${attr}="${raw}">: ${reason}`);
        if (src === '') {
          fail('empty URL');
          continue;
        }
        if (/^data:/i.test(src)) continue;
        if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(src) || /^[/\\]/.test(src)) {
          fail('not a relative URL');
          continue;
        }
        let file;
        try {
          const u = new URL(resolved);
          file = path.resolve(fileURLToPath(new URL(u.pathname, 'file:///')));
        } catch (e) {
          fail(`cannot resolve (${e.message})`);
          continue;
        }
        if (!inside(site, file)) fail(`outside the site folder (${file})`);
        else if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
          fail(`file does not exist: ${rel(site, file)}`);
        }
      }
    }
  } finally {
    current = null;
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }

  for (const { from, raw, target, id } of fragmentChecks) {
    const info = pages.get(target);
    if (!info || info.loadError) continue; // reported as a load failure in test c
    if (!info.ids.includes(id)) {
      linkFailures.push(`${from} → "${raw}": no element with id="${id}" in ${rel(site, target)}`);
    }
  }

  return { site, pages, linkFailures, resourceFailures };
}

let crawlPromise;
/** The crawl runs once; the first test reports its full error, the others a short one. */
async function crawl({ first = false } = {}) {
  crawlPromise ??= crawlSite();
  try {
    return await crawlPromise;
  } catch (e) {
    if (first) throw e;
    throw new Error(`browser crawl failed (full error in the first test): ${e.message.split('\n')[0]}`);
  }
}

test('links: relative, existing targets, existing #fragments', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const { site, linkFailures, pages } = await crawl({ first: true });
  t.diagnostic(`crawled ${pages.size} page(s) of ${site} in ${CHROMIUM}`);
  assert.ok(pages.size > 0, 'no page was crawled');
  assert.ok(linkFailures.length === 0, report('Broken links (page → href: reason)', linkFailures));
});

test('no orphan pages: every .html file is reachable from index.html', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { site, pages } = await crawl();
  const orphans = walkHtml(site)
    .map((f) => path.resolve(f))
    .filter((f) => !pages.has(f))
    .map((f) => rel(site, f))
    .sort();
  assert.ok(orphans.length === 0, report('Pages not reachable from index.html', orphans));
});

test('pages load cleanly and request only files inside the site', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { site, pages, resourceFailures } = await crawl();
  const failures = [];
  for (const info of pages.values()) {
    const from = rel(site, info.file);
    if (info.loadError) failures.push(`${from}: failed to load in Chromium: ${info.loadError}`);
    for (const ev of info.events) failures.push(`${from}: ${ev}`);
  }
  failures.push(...resourceFailures);
  assert.ok(failures.length === 0, report('Page load problems', failures));
});

test('page structure: lang="ja", non-empty <title>, one <h1>, unique ids', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { site, pages } = await crawl();
  const failures = [];
  for (const info of pages.values()) {
    if (info.loadError) continue; // reported by the load test
    const from = rel(site, info.file);
    if (info.lang !== 'ja') {
      failures.push(`${from}: <html lang> is ${info.lang === null ? 'missing' : `"${info.lang}"`}, expected "ja"`);
    }
    if (!info.title || info.title.trim() === '') failures.push(`${from}: <title> is missing or empty`);
    if (info.h1Count !== 1) failures.push(`${from}: has ${info.h1Count} <h1> elements, expected exactly 1`);
    const counts = new Map();
    for (const id of info.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    const dups = [...counts].filter(([, n]) => n > 1).map(([id, n]) => `"${id}" ×${n}`);
    if (dups.length > 0) failures.push(`${from}: duplicate ids: ${dups.join(', ')}`);
  }
  assert.ok(failures.length === 0, report('Page structure problems', failures));
});
