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
	cs := contracts()
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
			t.Errorf("%s %s has no routeContract (api/contracts.go)", r.Method, r.Path)
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
			t.Errorf("routeContract %q has no route", key)
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

// Where a handler is typed (endpoint[Req, Resp]), the table of contracts
// says the same as its types, so neither drifts from the other.
func TestContractsAgreeWithTypedHandlers(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	cs := contracts()
	typed := 0
	for _, r := range s.Routes() {
		h, ok := typesOf(r.handler)
		if !ok {
			continue
		}
		typed++
		c := cs[r.Method+" "+strings.TrimPrefix(r.Path, "/api/v1")]
		if c.req != h.req || c.resp != h.resp {
			t.Errorf("%s %s: routeContract says %v → %v, the handler %v → %v", r.Method, r.Path, c.req, c.resp, h.req, h.resp)
		}
	}
	if typed < 8 {
		t.Fatalf("only %d typed handlers found", typed)
	}
}
