#!/bin/sh
# Trunk's post-build hook (Trunk.toml): writes into the staged sw.js the build's files and a
# version made from their contents, so each build gets a service worker and a cache of its own
# and the browser replaces the old ones when a new build is deployed. POSIX sh and coreutils only.
set -eu
cd "${TRUNK_STAGING_DIR:?run by trunk build}"
[ -f sw.js ] || exit 0
files=$(find . -type f ! -name sw.js | sed 's|^\./||' | LC_ALL=C sort)
# shellcheck disable=SC2086 # the names are trunk's: no spaces
version=$(cat $files | sha256sum | cut -c1-16)
list=""
for f in $files; do
  list="$list${list:+, }\"./$f\""
done
sed -i -e "s|__KUBEPLAY_VERSION__|$version|" -e "s|\"__KUBEPLAY_FILES__\"|$list|" sw.js
