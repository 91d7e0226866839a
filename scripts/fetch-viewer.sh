#!/usr/bin/env bash
# Fetches the OHIF v3 viewer that `serve` hosts at /viewer/: the pinned npm package @ohif/app (a complete
# prebuilt static site in its dist/), by `npm pack`, checked against the integrity pinned below, unpacked into
# the gitignored cache .dicomhub/viewer/ohif (never committed: ~200 MB). Idempotent: does nothing when that
# version is already there. Needs node and npm (Debian's `nodejs`/`npm` packages, or NodeSource's nodejs).
#
# The package is built for the site root (PUBLIC_URL "/", webpack's public path "/"); the archive serves it under
# /viewer/, so the copy is rewritten for that prefix: index.html's absolute links and the bundles' public path.
# The service worker is left out: it precaches the root-relative files of the original build.
#
# Usage: scripts/fetch-viewer.sh [--quiet]       exit 0 when the viewer is in place, 1 when it could not be fetched.
set -euo pipefail

version=3.13.2
integrity="sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA=="
prefix=/viewer/

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${DICOMHUB_VIEWER_CACHE:-$root/.dicomhub/viewer}"
target="$cache/ohif"
stamp="@ohif/app $version $integrity for $prefix (rewrite 2)"
quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1
say() { [ "$quiet" = 1 ] || echo "$@" >&2; }

if [ -f "$target/DICOMHUB-VIEWER" ] && [ "$(cat "$target/DICOMHUB-VIEWER")" = "$stamp" ]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "OHIF viewer not fetched: npm is missing (apt-get install -y nodejs npm, then run scripts/fetch-viewer.sh)" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/dicomhub-viewer.XXXXXX")"
trap 'rm -rf "$work"' EXIT
say "fetching the OHIF viewer (@ohif/app $version, about 50 MB) for /viewer/..."
if ! (cd "$work" && npm pack "@ohif/app@$version" --silent --fetch-timeout=60000 --fetch-retries=1 >"$work/pack.out" 2>"$work/pack.err"); then
  echo "OHIF viewer not fetched: npm pack @ohif/app@$version failed (offline?):" >&2
  tail -n 5 "$work/pack.err" >&2
  exit 1
fi

archive="$work/ohif-app-$version.tgz"
actual="$(node -e 'const c = require("crypto"), f = require("fs");
process.stdout.write("sha512-" + c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$archive")"
if [ "$actual" != "$integrity" ]; then
  echo "OHIF viewer not installed: @ohif/app-$version.tgz has integrity $actual, expected $integrity" >&2
  exit 1
fi

tar -xzf "$archive" -C "$work" package/dist package/LICENSE
dist="$work/package/dist"
[ -f "$dist/index.html" ] || { echo "OHIF viewer not installed: the package has no dist/index.html" >&2; exit 1; }

# index.html: the public URL, every root-absolute src/href, and no service worker registration.
sed -i \
  -e "s#window.PUBLIC_URL=\"/\"#window.PUBLIC_URL=\"$prefix\"#g" \
  -e "s#<script[^>]*src=\"/init-service-worker.js\"></script>##" \
  -e "s#\\(src\\|href\\)=\"/#\\1=\"$prefix#g" \
  "$dist/index.html"
# webpack's runtime public path, from which every lazily loaded chunk, worker and wasm file is fetched.
grep -l '__webpack_require__.p = "/";' "$dist"/*.js | xargs -r sed -i "s#__webpack_require__.p = \"/\";#__webpack_require__.p = \"$prefix\";#"
# The stylesheets' root-absolute url(/...) references (the fonts).
sed -i "s#url(/\([^/]\)#url($prefix\1#g" "$dist"/*.css
# The archive generates /viewer/app-config.js from its own settings; the package's demo configuration goes.
rm -f "$dist/app-config.js" "$dist/sw.js" "$dist/init-service-worker.js" "$dist/_redirects" "$dist/_headers" "$dist/serve.json"
cp "$work/package/LICENSE" "$dist/LICENSE.ohif"
echo "$stamp" >"$dist/DICOMHUB-VIEWER"

mkdir -p "$cache"
rm -rf "$target.old"
[ -d "$target" ] && mv "$target" "$target.old"
mv "$dist" "$target"
rm -rf "$target.old"
say "OHIF viewer $version installed in $target"
