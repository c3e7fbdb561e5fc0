#!/usr/bin/env bash
# Checks what users install: the packed tarball, its exports map and its types under every module resolution.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d dist ] || npm run build
rm -f taxsync-*.tgz
tarball=$(npm pack --silent | tail -n 1)
trap 'rm -f "$tarball"' EXIT
npx publint "$tarball" --strict
# Every resolution, node10 included (typesVersions maps its subpaths): no profile, so all of them.
npx attw "$tarball"
