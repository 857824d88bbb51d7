// Package web is sitrep's dashboard: static HTML, CSS and JavaScript written
// by the project plus vendored Leaflet and world outlines (copied from npm
// packages by gen.sh), all embedded in the binary so the dashboard works
// offline: no CDN, no tile server. It reads the REST API of
// internal/httpapi and nothing else.
package web

import (
	"compress/gzip"
	"embed"
	"io"
	"io/fs"
	"net/http"
	"strings"
)

//go:generate ./gen.sh

//go:embed static
var static embed.FS

// Handler serves the dashboard's files; "/" is the single page.
func Handler() http.Handler {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree always has static/
	}
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Files embedded gzipped (the world outlines) are served as is to
		// clients that accept gzip, and inflated for the others.
		if gz, err := fs.ReadFile(sub, strings.TrimPrefix(r.URL.Path, "/")+".gz"); err == nil && strings.HasSuffix(r.URL.Path, ".json") {
			h := w.Header()
			h.Set("Content-Type", "application/json")
			h.Set("Cache-Control", "public, max-age=86400")
			if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				h.Set("Content-Encoding", "gzip")
				w.Write(gz)
				return
			}
			zr, err := gzip.NewReader(strings.NewReader(string(gz)))
			if err != nil {
				http.Error(w, "corrupt embedded file", http.StatusInternalServerError)
				return
			}
			io.Copy(w, zr)
			return
		}
		switch {
		case strings.HasPrefix(r.URL.Path, "/vendor/"):
			w.Header().Set("Cache-Control", "public, max-age=86400")
		default:
			w.Header().Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	})
}
