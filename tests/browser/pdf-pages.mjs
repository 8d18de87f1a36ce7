// Reading a printed PDF back, page by page, for the print tests: page
// sizes (pdfinfo), named destinations (pdfinfo -dests: where each anchor
// landed), and the words on each page with their boxes (pdftotext -bbox),
// grouped into lines. Poppler only; the page is judged as printed.
import { execFileSync } from 'node:child_process';

const MM = 72 / 25.4;

/** [{ width, height }] in points, one per page. */
export function pageSizes(pdf) {
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9999', pdf], { encoding: 'utf8' });
  return [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
}

/** Map anchor → page number (1-based) of every named destination. */
export function destinations(pdf) {
  const out = new Map();
  const text = execFileSync('pdfinfo', ['-dests', pdf], { encoding: 'utf8' });
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s.*"([^"]+)"\s*$/.exec(line);
    if (m && !out.has(m[2])) out.set(m[2], Number(m[1]));
  }
  return out;
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/**
 * Pages with their words and lines: [{ width, height, words: [{x0,y0,x1,y1,text}],
 * lines: [{ y0, y1, x0, x1, text }] }], lines top to bottom.
 */
export function pages(pdf) {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = [];
  for (const m of xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words = [...m[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({
      x0: Number(w[1]), y0: Number(w[2]), x1: Number(w[3]), y1: Number(w[4]), text: unescape(w[5]),
    }));
    const sorted = [...words].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
    const lines = [];
    for (const w of sorted) {
      const mid = (w.y0 + w.y1) / 2;
      const line = lines.find((l) => mid > l.y0 && mid < l.y1);
      if (line) {
        line.words.push(w);
        line.y0 = Math.min(line.y0, w.y0);
        line.y1 = Math.max(line.y1, w.y1);
      } else {
        lines.push({ y0: w.y0, y1: w.y1, words: [w] });
      }
    }
    for (const l of lines) {
      l.words.sort((a, b) => a.x0 - b.x0);
      l.x0 = l.words[0].x0;
      l.x1 = Math.max(...l.words.map((w) => w.x1));
      l.text = l.words.map((w) => w.text).join('');
    }
    lines.sort((a, b) => a.y0 - b.y0);
    out.push({ width: Number(m[1]), height: Number(m[2]), words, lines });
  }
  return out;
}

/**
 * The lines of a page between its running header and footer: what is
 * printed more than `top` mm from the top edge and `bottom` mm from the
 * bottom (the binder's @page margins are 16 mm; 12 mm on landscape and
 * form sheets, whose running text sits lower).
 */
export function bodyLines(page, { top = 14, bottom = 14 } = {}) {
  return page.lines.filter((l) => l.y0 > top * MM && l.y1 < page.height - bottom * MM);
}

/** How full a page's body is: from the top of the content area to its last line, 0–1. */
export function fullness(page, margins = { top: 16, bottom: 16 }) {
  const body = bodyLines(page, { top: margins.top - 2, bottom: margins.bottom - 2 });
  if (body.length === 0) return 0;
  const top = margins.top * MM;
  const height = page.height - (margins.top + margins.bottom) * MM;
  return Math.min(1, (body[body.length - 1].y1 - top) / height);
}

export const squash = (s) => s.replace(/\s+/g, '');

/** Page `n` (1-based) of `pdf` as 8-bit grey pixels at `dpi`: { width, height, px }. */
export function grayPage(pdf, n, dpi = 150) {
  const buf = execFileSync('pdftoppm', ['-f', String(n), '-l', String(n), '-r', String(dpi), '-gray', pdf], { maxBuffer: 256 << 20 });
  // PGM: "P5", width, height, maxval, each separated by white space.
  let i = 0;
  const fields = [];
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[i]))) i++;
    if (buf[i] === 0x23) { while (buf[i] !== 0x0a) i++; continue; }
    const start = i;
    while (!/\s/.test(String.fromCharCode(buf[i]))) i++;
    fields.push(buf.subarray(start, i).toString('latin1'));
  }
  i++;
  return { width: Number(fields[1]), height: Number(fields[2]), px: buf.subarray(i), dpi };
}

/**
 * The ruled lines of a page: the columns (x) and rows (y) where dark
 * pixels (< 128) run for at least `frac` of the page's height or width.
 * A border printed whole is dark; one Chromium cut at the page's edge is a
 * faint grey line and is not found.
 */
export function ruledLines(g, frac = 0.25) {
  const cols = new Uint32Array(g.width);
  const rows = new Uint32Array(g.height);
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      if (g.px[y * g.width + x] < 128) { cols[x]++; rows[y]++; }
    }
  }
  const xs = [];
  const ys = [];
  cols.forEach((c, x) => { if (c >= frac * g.height) xs.push(x); });
  rows.forEach((c, y) => { if (c >= frac * g.width) ys.push(y); });
  return { xs, ys };
}

export const mm = (pixels, dpi) => (pixels * 25.4) / dpi;
