package api

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

const dashboardMissing = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OpsManager</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto">
<h1>OpsManager</h1><p>The API is running, but the dashboard has not been built.
Run <code>make web</code> (or <code>make dev</code>) and restart.</p>
<p><a href="/readyz">/readyz</a> · <a href="/api/v1/playbooks">/api/v1/playbooks</a></p></body></html>`

// noRoute serves the dashboard for browser paths (falling back to
// index.html for client-side routes) and a JSON 404 for everything else.
func (s *Server) noRoute(c *gin.Context) {
	p := c.Request.URL.Path
	isPage := c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead
	if !isPage || strings.HasPrefix(p, "/api/") || p == "/metrics" {
		abortWith(c, http.StatusNotFound, "not_found", "no route for "+c.Request.Method+" "+p)
		return
	}
	dist := s.deps.Dashboard
	if dist == nil {
		c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(dashboardMissing))
		return
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name != "" {
		if st, err := fs.Stat(dist, name); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") {
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			}
			c.FileFromFS(name, http.FS(dist))
			return
		}
		if path.Ext(name) != "" {
			abortWith(c, http.StatusNotFound, "not_found", "no file "+p)
			return
		}
	}
	index, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(dashboardMissing))
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", index)
}
