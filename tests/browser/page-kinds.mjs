// One page of each kind the handbook builds, found in the built site (shared
// by axe.test.mjs and network.test.mjs). File names come from the site where
// they vary (procedure, form, regulation ids and dates); a kind the site lacks
// is an error, so a gate never passes because it checked fewer pages.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// The search page is opened with a query so its results are on the page.
export const SEARCH_QUERY = '規程';

const html = (dir) =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort()
    : [];

/**
 * [{ kind, rel, url }] for the site folder `site`; throws listing every kind
 * that has no page. `rel` is the site-relative path (with ?q= for search).
 */
export function pageKinds(site) {
  const missing = [];
  const kinds = [];
  const add = (kind, rel, { query = '', optional = false } = {}) => {
    if (rel && fs.existsSync(path.join(site, rel))) {
      kinds.push({ kind, rel: rel + query, url: pathToFileURL(path.join(site, rel)).href + query });
    } else if (!optional) {
      missing.push(`${kind}${rel ? ` (${rel})` : ''}`);
    }
  };
  const firstOther = (dir) => {
    const f = html(path.join(site, dir)).find((n) => n !== 'index.html');
    return f && `${dir}/${f}`;
  };

  add('front page', 'index.html');
  add('incident flow', 'incident.html');
  add('poster', 'poster.html');
  add('role cards', 'cards.html');
  add('pocket cards', 'wallet.html');
  add('contacts', 'contacts.html');
  add('severity', 'severity.html');
  add('BCP', 'bcp.html');
  add('register of printed copies', 'distribution.html');
  add('procedures index', 'procedures/index.html');
  add('procedure', firstOther('procedures'));
  add('training', 'training.html');
  add('forms index', 'forms/index.html');
  add('form', firstOther('forms'));
  add('regulations index', 'regulations/index.html');

  // regulations/<id>.html is the version in force; regulations/<id>.<date>.html
  // an older version (旧版, "version-note superseded") or a pending one (施行予定);
  // regulations/<id>.<date>.compare.html a 新旧対照表.
  const regs = html(path.join(site, 'regulations'));
  const read = (f) => fs.readFileSync(path.join(site, 'regulations', f), 'utf8');
  const dated = regs.filter((f) => /^[^.]+\.\d{4}-\d{2}-\d{2}\.html$/.test(f));
  const reg = regs.find((f) => f !== 'index.html' && /^[^.]+\.html$/.test(f));
  add('regulation', reg && `regulations/${reg}`);
  // The starter kit (HANDBOOK_STARTER=1) has no revision yet, so no older
  // version and no 新旧対照表.
  const starter = process.env.HANDBOOK_STARTER === '1';
  const older = dated.find((f) => /class="version-note superseded"/.test(read(f)));
  add('older regulation version (旧版)', older ? `regulations/${older}` : 'regulations/<id>.<date>.html', {
    optional: starter,
  });
  const pending = dated.find((f) => /class="version-note pending"/.test(read(f)));
  add('pending regulation version (施行予定)', pending && `regulations/${pending}`, { optional: true });
  const compare = regs.find((f) => f.endsWith('.compare.html'));
  add('新旧対照表', compare ? `regulations/${compare}` : 'regulations/*.compare.html', { optional: starter });

  const notice = regs.find((f) => f.endsWith('.notice.html'));
  add('周知確認書', notice ? `regulations/${notice}` : 'regulations/*.notice.html');

  add('changes', 'changes.html');
  add('inspection index', 'inspection.html');
  add('checklist', 'checklist.html');
  add('vendors', 'vendors.html');
  add('inspection bundle (print)', 'inspection-print.html');
  add('page', firstOther('pages') ?? 'pages/*.html');
  add('search', 'search.html', { query: `?q=${encodeURIComponent(SEARCH_QUERY)}` });
  add('binder (print)', 'print.html');

  if (missing.length > 0) {
    throw new Error(
      `the built site ${site} has no page of these kinds:\n` +
        missing.map((m) => `  - ${m}`).join('\n'),
    );
  }
  return kinds;
}

/** After `load`: the search page has shown its hits; others settle for a frame. */
export async function settle(page, kind) {
  if (kind.kind === 'search') {
    await page.waitForSelector('body[data-search-ready]');
    const hits = await page.locator('#search-results a.result-link').count();
    if (hits === 0) throw new Error(`search.html shows no hit for 「${SEARCH_QUERY}」`);
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}
