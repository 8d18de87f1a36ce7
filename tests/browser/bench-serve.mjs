// Benchmark: from saving a source to the open page reloaded, in a real
// Chromium against `handbook serve` (the release binary by default).
//   node tests/browser/bench-serve.mjs ROOT PAGE SOURCE [RUNS]
// ROOT is a handbook folder (copied first, never edited), PAGE the page to
// keep open (regulations/x.html), SOURCE the file to save (content/…/x.md,
// relative to ROOT). Each run appends a newline, so the text is unchanged
// but the file is saved; the page counts as reloaded when it carries the
// new generation. Prints the median, fastest and slowest in ms.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './chromium.mjs';
import { copySources, editAndWait, startServer, stopServer } from './serve-session.mjs';

const [rootArg, pageArg, sourceArg, runsArg] = process.argv.slice(2);
if (!rootArg || !pageArg || !sourceArg) {
  console.error('usage: node bench-serve.mjs ROOT PAGE SOURCE [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg || 9);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.HANDBOOK_BIN || path.join(repo, 'target', 'release', 'handbook');

const root = copySources(path.resolve(rootArg));
const server = await startServer(root, bin);
const { context, userDataDir } = await launch({ loopback: true });
const times = [];
try {
  const page = await context.newPage();
  await page.goto(server.url + pageArg);
  const file = path.join(root, sourceArg);
  let text = fs.readFileSync(file, 'utf8');
  for (let i = 0; i < runs; i++) {
    const generation = await page.evaluate(() => Number(document.querySelector('script[data-generation]').dataset.generation));
    text += '\n';
    times.push(
      await editAndWait(
        page,
        file,
        text,
        (g) => Number(document.querySelector('script[data-generation]')?.dataset.generation) > g,
        generation,
      ),
    );
    // Let the poller settle between saves.
    await new Promise((r) => setTimeout(r, 150));
  }
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
  stopServer(server);
  fs.rmSync(root, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `save → reload: median ${median.toFixed(0)} ms, fastest ${times[0].toFixed(0)} ms, slowest ${times[times.length - 1].toFixed(0)} ms (${runs} saves)`,
);
