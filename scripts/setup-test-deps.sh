#!/usr/bin/env bash
# Install what the tests need on a fresh Debian machine (run as root; only the
# package registries are reachable). Idempotent and quiet when all is present.
#
#   Debian: chromium (driven by the browser test through playwright-core),
#           fonts-noto-cjk (Japanese glyphs in Chromium pages and PDFs),
#           poppler-utils (pdftotext / pdftoppm for PDF checks),
#           default-jre-headless when there is no java 17 or later (runs the
#           Nu HTML Checker, vnu.jar from npm vnu-jar)
#   npm:    tests/browser/node_modules from tests/browser/package-lock.json
#           (playwright-core, axe-core, vnu-jar, hyperlink)
#
# No browser and no Java runtime is ever downloaded through npm: the browser
# test uses Debian's /usr/bin/chromium through executablePath, and npm ci runs
# with --ignore-scripts (vnu-jar's postinstall would fetch a JRE when it finds
# no java).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DEBIAN_FRONTEND=noninteractive

log() { printf 'setup-test-deps: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- Debian packages -------------------------------------------------------

deb_installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# Run an apt-get command, waiting for a dpkg/apt lock held by another apt run
# (one may be going on in the background) instead of failing at once.
apt_get() {
	local attempt out rc
	for attempt in 1 2 3 4 5 6; do
		rc=0
		out=$(apt-get -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 -q "$@" 2>&1) || rc=$?
		if [ "$rc" -eq 0 ]; then
			return 0
		fi
		if grep -q "dpkg was interrupted" <<<"$out"; then
			log "dpkg was interrupted earlier; running dpkg --configure -a"
			dpkg --configure -a >&2 || true
		elif grep -qiE "could not get lock|unable to acquire|unable to lock" <<<"$out"; then
			log "apt/dpkg is locked by another process; waiting (attempt $attempt)"
			sleep 20
		else
			printf '%s\n' "$out" >&2
			return "$rc"
		fi
	done
	printf '%s\n' "$out" >&2
	return "$rc"
}

missing=()
for pkg in chromium fonts-noto-cjk poppler-utils; do
	deb_installed "$pkg" || missing+=("$pkg")
done
# Also catch a package marked installed whose program is gone.
if ! command -v chromium >/dev/null 2>&1 && [[ ! " ${missing[*]-} " =~ " chromium " ]]; then
	missing+=(chromium)
fi
if ! command -v pdftoppm >/dev/null 2>&1 && [[ ! " ${missing[*]-} " =~ " poppler-utils " ]]; then
	missing+=(poppler-utils)
fi

if [ "${#missing[@]}" -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] || die "need root to install Debian packages: ${missing[*]}"
	log "installing Debian packages: ${missing[*]}"
	apt_get update
	apt_get install -y --no-install-recommends "${missing[@]}"
	# --reinstall when a package was marked installed but its program is gone.
	for pkg in "${missing[@]}"; do
		case "$pkg" in
		chromium) command -v chromium >/dev/null 2>&1 || apt_get install -y --reinstall chromium ;;
		poppler-utils) command -v pdftoppm >/dev/null 2>&1 || apt_get install -y --reinstall poppler-utils ;;
		esac
	done
	for pkg in "${missing[@]}"; do
		deb_installed "$pkg" || die "Debian package $pkg did not install"
	done
fi
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || die "/usr/bin/chromium is missing after installing chromium"

# Java 17 or later for vnu.jar (tests/browser/vnu.test.mjs).
java_major() {
	command -v java >/dev/null 2>&1 || return 0
	java -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n 1
}
major=$(java_major)
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
	[ "$(id -u)" -eq 0 ] || die "need root to install a Java runtime (default-jre-headless): java ${major:-missing}"
	log "installing Debian package default-jre-headless (java ${major:-missing}, vnu.jar needs 17 or later)"
	apt_get update
	apt_get install -y --no-install-recommends default-jre-headless
	hash -r
	major=$(java_major)
	[ -n "$major" ] && [ "$major" -ge 17 ] ||
		die "java ${major:-missing} after installing default-jre-headless: vnu.jar needs Java 17 or later"
fi

# --- Node.js packages for tests/browser ------------------------------------

command -v node >/dev/null 2>&1 || die "node is not installed (the browser test needs Node.js >= 20)"
command -v npm >/dev/null 2>&1 || die "npm is not installed (the browser test needs npm)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "node $(node --version) is too old: the browser test needs Node.js >= 20"

browser_dir=tests/browser
stamp=$browser_dir/node_modules/.package-lock.json # written by npm ci
need_ci=
[ -f "$stamp" ] || need_ci=1
for pkg in playwright-core axe-core vnu-jar hyperlink; do
	[ -f "$browser_dir/node_modules/$pkg/package.json" ] || need_ci=1
done
if [ -n "$need_ci" ] || [ "$browser_dir/package-lock.json" -nt "$stamp" ] || [ "$browser_dir/package.json" -nt "$stamp" ]; then
	log "installing npm packages in $browser_dir (npm ci)"
	(cd "$browser_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
	touch "$stamp"
fi
[ -f "$browser_dir/node_modules/vnu-jar/build/dist/vnu.jar" ] || die "vnu.jar is missing after npm ci"
