// Package assets holds the web UI's static files (HTML, CSS, JavaScript and
// the vendored cytoscape.js), embedded in the binary at build time.
package assets

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed index.html style.css app.js vendor
var files embed.FS

// contentSecurityPolicy allows only the embedded files: no CDN, no inline
// script. cytoscape.js sets inline styles on its canvas.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// Handler serves the embedded UI. Requests resolve inside the embedded tree
// only (nothing is read from disk at run time), and directories are not
// listed.
func Handler() http.Handler {
	files := http.FileServer(http.FS(FS()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		if r.URL.Path != "/" && strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// FS is the embedded tree, rooted at the UI's top directory.
func FS() fs.FS {
	return files
}
