#!/bin/sh
# gen.sh copies the dashboard's third-party files from npm packages into
# static/vendor (run by `go generate ./internal/web`; needs npm and the
# registry, at build time only: the binary embeds the result and never
# downloads anything). Versions are pinned; licences are kept next to the
# files and listed in data/README.md.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(
	cd "$tmp"
	npm pack --silent leaflet@1.9.4 world-atlas@2.0.2 topojson-client@3.1.0 >/dev/null
	for f in *.tgz; do
		d=${f%.tgz}
		mkdir "$d"
		tar -xzf "$f" -C "$d"
	done
)
out=static/vendor
rm -rf "$out"
mkdir -p "$out"
cp "$tmp"/leaflet-1.9.4/package/dist/leaflet.js "$out"/leaflet.js
cp "$tmp"/leaflet-1.9.4/package/dist/leaflet.css "$out"/leaflet.css
cp "$tmp"/leaflet-1.9.4/package/LICENSE "$out"/LICENSE.leaflet
cp "$tmp"/topojson-client-3.1.0/package/dist/topojson-client.min.js "$out"/topojson-client.min.js
cp "$tmp"/topojson-client-3.1.0/package/LICENSE "$out"/LICENSE.topojson-client
# World outlines (Natural Earth 1:50m, public domain, as TopoJSON), gzipped:
# served as is to clients that accept gzip.
gzip -9 -n -c "$tmp"/world-atlas-2.0.2/package/countries-50m.json > "$out"/countries-50m.json.gz
cp "$tmp"/world-atlas-2.0.2/package/LICENSE "$out"/LICENSE.world-atlas
ls -l "$out"
