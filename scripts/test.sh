#!/usr/bin/env bash
# The project's test command:
#   1. install test dependencies (scripts/setup-test-deps.sh),
#   2. all Rust tests (cargo test --locked), with HANDBOOK_REQUIRE_BROWSER=1 so
#      tests that need Chromium fail instead of skipping, and a `cargo check`
#      of the fuzz targets (fuzz/), which call the library directly,
#   3. build the example handbook into target/browser-site, and a second
#      time elsewhere: the two must be byte-identical,
#   4. crawl it over file:// in Chromium and run the quality gates on it
#      (node --test tests/browser/): vnu.test.mjs (Nu HTML Checker),
#      hyperlink.test.mjs (links and #fragments), axe.test.mjs (axe-core) and
#      network.test.mjs (no request outside the site folder),
#   5. the same four gates on the starter kit (`handbook init`, built as a
#      hospital first sees it: every value still 未記入).
# Exits non-zero on any failure, and when the browser test ran no test or
# skipped one.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "test dependencies"
bash scripts/setup-test-deps.sh

export HANDBOOK_REQUIRE_BROWSER=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step "cargo test --locked"
cargo test --locked

# The fuzz targets are not run here (scripts/fuzz.sh, nightly), but they
# call the loaders and checks directly and rot when a signature changes.
step "the fuzz targets compile (cargo check in fuzz/)"
cargo check --locked --quiet --manifest-path fuzz/Cargo.toml

site_rel=target/browser-site
site=$PWD/$site_rel
step "build the example handbook into $site_rel"
rm -rf "$site"
SOURCE_DATE_EPOCH=1795132800 cargo run --locked --quiet -- build --out "$site_rel"
if [ ! -f "$site/index.html" ]; then
	echo "error: handbook build wrote no $site_rel/index.html" >&2
	exit 1
fi

step "a second build of the example is byte-identical"
again=target/browser-site-again
rm -rf "$again"
SOURCE_DATE_EPOCH=1795132800 cargo run --locked --quiet -- build --out "$again"
if ! diff -r "$site" "$again" >/dev/null; then
	echo "error: two builds of the example differ:" >&2
	diff -rq "$site" "$again" >&2 || true
	exit 1
fi
echo "identical: $(find "$site" -type f | wc -l) files"
rm -rf "$again"

# Never count a browser run that executed nothing or skipped something as a pass.
all_passed() { # tap-file label
	local tap=$1
	count() { sed -n "s/^# $1 \([0-9][0-9]*\)$/\1/p" "$tap" | tail -n 1; }
	local pass fail skipped todo cancelled
	pass=$(count pass)
	fail=$(count fail)
	skipped=$(count skipped)
	todo=$(count todo)
	cancelled=$(count cancelled)
	if [ -z "$pass" ] || [ "$pass" -eq 0 ] || [ "${fail:-1}" -ne 0 ] || [ "${skipped:-1}" -ne 0 ] ||
		[ "${todo:-1}" -ne 0 ] || [ "${cancelled:-1}" -ne 0 ]; then
		echo "error: browser test must run and pass every test without skipping ($tap):" \
			"pass=${pass:-?} fail=${fail:-?} skipped=${skipped:-?} todo=${todo:-?} cancelled=${cancelled:-?}" >&2
		exit 1
	fi
	printf '\n%s: %s passed, 0 failed\n' "$2" "$pass"
}

step "browser test and quality gates (node --test tests/browser/, site $site_rel)"
tap=target/browser-test.tap
rm -f "$tap"
HANDBOOK_SITE=$site node --test \
	--test-reporter=spec --test-reporter-destination=stdout \
	--test-reporter=tap --test-reporter-destination="$tap" \
	tests/browser/
all_passed "$tap" browser

# The starter kit is the first site a hospital builds; it goes through the
# gates that judge a site as it is (HTML, links, accessibility, network),
# with no older version or 新旧対照表 yet (HANDBOOK_STARTER=1).
starter_src=target/browser-starter-src
starter_rel=target/browser-starter
step "the starter kit (handbook init) through the quality gates (site $starter_rel)"
rm -rf "$starter_src" "$PWD/$starter_rel"
cargo run --locked --quiet -- init "$starter_src" >/dev/null
SOURCE_DATE_EPOCH=1795132800 cargo run --locked --quiet -- build --root "$starter_src" --out "$PWD/$starter_rel" 2>/dev/null
tap=target/browser-starter.tap
rm -f "$tap"
HANDBOOK_STARTER=1 HANDBOOK_SITE=$PWD/$starter_rel node --test \
	--test-reporter=spec --test-reporter-destination=stdout \
	--test-reporter=tap --test-reporter-destination="$tap" \
	tests/browser/vnu.test.mjs tests/browser/hyperlink.test.mjs \
	tests/browser/axe.test.mjs tests/browser/network.test.mjs
all_passed "$tap" "starter kit"
