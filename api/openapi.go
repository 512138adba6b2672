package api

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/opsmanager/opsmanager/domain"
)

// openAPIPath is where the document is served; /api/docs renders it.
const openAPIPath = "/api/v1/openapi.json"

// openAPI builds, once, the OpenAPI 3.1 document of the route table and
// the contracts: every routed endpoint with its permission, parameters,
// request body and response envelope.
type openAPI struct {
	once sync.Once
	doc  map[string]any
}

func (s *Server) openAPIDocument() map[string]any {
	s.openapi.once.Do(func() { s.openapi.doc = buildOpenAPI(s.routes, summaries()) })
	return s.openapi.doc
}

// apiVersion is the version of the /api/v1 routeContract (not of the build), so
// the generated dashboard types change only when the routeContract does.
const apiVersion = "1.0.0"

func buildOpenAPI(routes []Route, summary map[string]string) map[string]any {
	sc := newSchemas()
	errorRef := sc.of(typeOf[ErrorBody]())
	paths := map[string]any{}
	for _, r := range routes {
		sub := strings.TrimPrefix(r.Path, "/api/v1")
		t := r.handler.types
		if t == nil {
			t = &handlerTypes{statuses: []int{http.StatusOK}}
		}
		path, params := routePath(r.Path)
		item, _ := paths[path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		op := map[string]any{
			"operationId": r.Action, "summary": summary[r.Method+" "+sub], "tags": []string{tagOf(sub)},
			"x-permission": string(r.Permission),
			"responses":    responses(sc, t, errorRef),
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if PublicRoutes[r.Method+" "+r.Path] {
			op["security"] = []any{}
		}
		if t.req != nil {
			op["requestBody"] = map[string]any{"required": !t.optionalBody, "content": requestContent(sc, t)}
		}
		item[strings.ToLower(r.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "OpsManager API", "version": apiVersion,
			"description": "Every route needs a Bearer token (an access token from /auth/login, or an omt_ API token) holding the permission in x-permission. Errors share one body: ErrorBody."},
		"servers": []any{map[string]any{"url": "/"}},
		// The patterns the server checks fields against (after trimming and,
		// for tags, lower-casing): the dashboard checks the same.
		"x-patterns": domain.Patterns,
		"paths":      paths,
		"security":   []any{map[string]any{"bearer": []string{}}},
		"components": map[string]any{"schemas": sc.defs, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
}

// routePath turns /servers/:id into /servers/{id} and lists its
// path parameters.
func routePath(p string) (string, []any) {
	parts := strings.Split(p, "/")
	var params []any
	for i, part := range parts {
		if strings.HasPrefix(part, ":") {
			name := part[1:]
			parts[i] = "{" + name + "}"
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
	}
	return strings.Join(parts, "/"), params
}

func tagOf(sub string) string {
	seg := strings.Split(strings.TrimPrefix(sub, "/"), "/")[0]
	return seg
}

func responses(sc *schemas, t *handlerTypes, errorRef map[string]any) map[string]any {
	out := map[string]any{"default": map[string]any{"description": "An error (4xx, 5xx)",
		"content": map[string]any{"application/json": map[string]any{"schema": errorRef}}}}
	for _, status := range t.statuses {
		r := map[string]any{"description": http.StatusText(status)}
		if t.resp != nil {
			r["content"] = map[string]any{"application/json": map[string]any{"schema": envelopeSchema(sc, t)}}
		}
		out[strconv.Itoa(status)] = r
	}
	return out
}

// envelopeSchema is {"data": resp} plus the answer's other members.
func envelopeSchema(sc *schemas, t *handlerTypes) map[string]any {
	props := map[string]any{"data": sc.of(t.resp)}
	required := []string{"data"}
	for _, name := range slices.Sorted(maps.Keys(t.more)) {
		props[name] = sc.of(t.more[name])
		required = append(required, name)
	}
	return map[string]any{"type": "object", "properties": props, "required": required}
}

// serveOpenAPI answers the document (public: the routeContract is no secret).
func (s *Server) serveOpenAPI(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.JSON(http.StatusOK, s.openAPIDocument())
}

// serveAPIDocs is the reference page: Redoc, served from the binary.
func serveAPIDocs(c *gin.Context) {
	// Redoc styles itself inline and searches in a blob: worker; its script
	// and the document still come from this origin only.
	c.Header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "+
		"img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(apiDocsPage))
}

const apiDocsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpsManager API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><redoc spec-url="` + openAPIPath + `"></redoc>
<script src="/api-docs/redoc.standalone.js"></script></body></html>`

// sortedPaths lists the document's paths, for tests and messages.
func sortedPaths(doc map[string]any) []string {
	return slices.Sorted(maps.Keys(doc["paths"].(map[string]any)))
}

// Document is the OpenAPI document, without a running server
// (`opsmanager openapi`, `make generate`).
func Document() map[string]any {
	s := &Server{}
	routes := s.routeTable()
	for i := range routes {
		routes[i].Path = "/api/v1" + routes[i].Path
	}
	return buildOpenAPI(routes, summaries())
}

// OpenAPIJSON is Document as indented JSON.
func OpenAPIJSON() ([]byte, error) {
	b, err := json.MarshalIndent(Document(), "", "  ")
	return append(b, '\n'), err
}

// requestContent is a request body's media types and schema: JSON of the
// request type, or a textBody's file as a string.
func requestContent(sc *schemas, t *handlerTypes) map[string]any {
	if t.mediaTypes == nil {
		return map[string]any{"application/json": map[string]any{"schema": sc.of(t.req)}}
	}
	content := map[string]any{}
	for _, mt := range t.mediaTypes {
		content[mt] = map[string]any{"schema": map[string]any{"type": "string"}}
	}
	return content
}
