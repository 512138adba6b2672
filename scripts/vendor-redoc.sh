#!/usr/bin/env bash
# vendor-redoc.sh — fetches Redoc's standalone bundle (one pinned release, from the npm registry,
# without its dependencies) into web/public/api-docs/, where the dashboard build copies it and the
# binary serves it for /api/docs. Run it to move to another Redoc release; the result is committed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VERSION=${REDOC_VERSION:-2.5.4}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "redoc@$VERSION" >/dev/null && tar xzf "redoc-$VERSION.tgz")
mkdir -p web/public/api-docs
cp "$tmp/package/bundles/redoc.standalone.js" web/public/api-docs/redoc.standalone.js
cat "$tmp/package/LICENSE" "$tmp/package/bundles/redoc.standalone.js.LICENSE.txt" >web/public/api-docs/LICENSE.txt
echo "redoc $VERSION" >web/public/api-docs/VERSION
echo "vendored redoc $VERSION into web/public/api-docs/"
