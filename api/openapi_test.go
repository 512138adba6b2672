package api

import (
	"encoding/json"
	"strings"
	"testing"
)

// Every routed endpoint is in the OpenAPI document with its permission,
// and nothing in the document is not routed.
func TestOpenAPIDocumentMatchesTheRouter(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.call(t, request{Method: "GET", Path: openAPIPath, Token: "-"})
	if res.StatusCode != 200 {
		t.Fatalf("GET %s without a token: %d %s", openAPIPath, res.StatusCode, b)
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("not an OpenAPI 3.1 document (%v): %.300s", err, b)
	}
	cs := summaries()
	routed := map[string]bool{}
	for _, r := range s.engine.Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/") {
			continue
		}
		path, _ := routePath(r.Path)
		key := strings.ToLower(r.Method) + " " + path
		routed[key] = true
		op, ok := doc.Paths[path][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("%s %s is routed but not in the document", r.Method, r.Path)
			continue
		}
		if _, ok := cs[r.Method+" "+strings.TrimPrefix(r.Path, "/api/v1")]; !ok {
			t.Errorf("%s %s has no summary (api/contracts.go)", r.Method, r.Path)
		}
		if op["x-permission"] == nil || op["responses"] == nil {
			t.Errorf("%s %s: operation without permission or responses: %v", r.Method, r.Path, op)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !routed[method+" "+path] {
				t.Errorf("%s %s is documented but not routed", strings.ToUpper(method), path)
			}
		}
	}
	for key := range cs {
		method, sub, _ := strings.Cut(key, " ")
		path, _ := routePath("/api/v1" + sub)
		if !routed[strings.ToLower(method)+" "+path] {
			t.Errorf("summary %q has no route", key)
		}
	}
}

// The document describes bodies as they are: a server's fields, its
// request's fields, the error body.
func TestOpenAPIDocumentDescribesBodies(t *testing.T) {
	t.Parallel()
	doc := newTestServer(t).openAPIDocument()
	b, _ := json.Marshal(doc)
	var d struct {
		Paths      map[string]map[string]json.RawMessage
		Components struct {
			Schemas map[string]struct{ Properties map[string]any }
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	for schema, fields := range map[string][]string{
		"DomainServer":        {"id", "name", "host", "port", "hostKeyFingerprint", "tags"},
		"CreateServerRequest": {"name", "host", "port", "username", "credentialId", "hostKey"},
		"ErrorBody":           {"error", "message", "statusCode"},
		"DomainTarget":        {"type", "url", "signingSecret"},
	} {
		for _, f := range fields {
			if _, ok := d.Components.Schemas[schema].Properties[f]; !ok {
				t.Errorf("schema %s lacks %s: %v", schema, f, d.Components.Schemas[schema])
			}
		}
	}
	if !strings.Contains(string(d.Paths["/api/v1/servers"]["post"]), "#/components/schemas/CreateServerRequest") {
		t.Errorf("POST /servers does not take a CreateServerRequest: %s", d.Paths["/api/v1/servers"]["post"])
	}
}

func TestAPIDocsPageIsServed(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.call(t, request{Method: "GET", Path: "/api/docs", Token: "-"})
	if res.StatusCode != 200 || !strings.Contains(string(b), openAPIPath) || !strings.Contains(string(b), "/api-docs/redoc.standalone.js") {
		t.Fatalf("/api/docs: %d %s", res.StatusCode, b)
	}
}

// The route table carries every contract: each route but the live stream,
// the document itself and the asset export (a file download) is an
// endpoint[Req, Resp] with declared types.
func TestEveryRouteIsATypedEndpoint(t *testing.T) {
	t.Parallel()
	rawRoutes := map[string]bool{"GET /api/v1/events": true, "GET /api/v1/openapi.json": true, "GET /api/v1/assets/export": true}
	for _, r := range newTestServer(t).Routes() {
		key := r.Method + " " + r.Path
		if typed := r.handler.types != nil; typed == rawRoutes[key] {
			t.Errorf("%s: typed %v, but raw routes are only %v", key, typed, rawRoutes)
		}
	}
}

// Lists carry their pagination, answers that choose their status list
// each, and optional bodies are not required.
func TestOpenAPIDocumentDescribesEnvelopesAndStatuses(t *testing.T) {
	t.Parallel()
	b, _ := json.Marshal(newTestServer(t).openAPIDocument())
	var d struct {
		Paths map[string]map[string]struct {
			RequestBody *struct{ Required bool }
			Responses   map[string]struct {
				Content map[string]struct {
					Schema struct {
						Properties map[string]json.RawMessage
						Required   []string
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	envelope := func(path, method, status string) map[string]json.RawMessage {
		r, ok := d.Paths["/api/v1"+path][method].Responses[status]
		if !ok {
			t.Errorf("%s %s: no %s response", method, path, status)
		}
		return r.Content["application/json"].Schema.Properties
	}
	for path, page := range map[string]string{"/runs": "Pagination", "/audit": "CursorPagination", "/runs/{id}/logs": "LogCursor", "/users": "Pagination"} {
		if p := string(envelope(path, "get", "200")["pagination"]); !strings.Contains(p, "/"+page+`"`) {
			t.Errorf("GET %s: pagination is %s, want a %s", path, p, page)
		}
	}
	envelope("/incidents", "post", "201")
	if _, ok := envelope("/incidents", "post", "200")["deduplicated"]; !ok {
		t.Errorf("POST /incidents 200 (deduplicated) lacks the deduplicated member")
	}
	envelope("/alerts", "post", "201")
	envelope("/alerts", "post", "202")
	envelope("/runs/{id}/cancel", "post", "202")
	if _, ok := d.Paths["/api/v1/auth/password"]["post"].Responses["204"]; !ok {
		t.Errorf("POST /auth/password answers 204")
	}
	if rb := d.Paths["/api/v1/runs/{id}/approve"]["post"].RequestBody; rb == nil || rb.Required {
		t.Errorf("POST /runs/{id}/approve: the note body is optional: %+v", rb)
	}
	if rb := d.Paths["/api/v1/servers"]["post"].RequestBody; rb == nil || !rb.Required {
		t.Errorf("POST /servers: the body is required: %+v", rb)
	}
}
