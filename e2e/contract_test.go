package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// The committed OpenAPI document (TestGeneratedDashboardTypesAreCurrent
// keeps it what the contracts generate). Every response the e2e tests get
// through apiClient is checked against it.
var contract struct {
	once   sync.Once
	router routers.Router
	err    error
}

func contractRouter() (routers.Router, error) {
	contract.once.Do(func() {
		b, err := os.ReadFile("../web/src/api/openapi.json")
		if err != nil {
			contract.err = err
			return
		}
		doc, err := openapi3.NewLoader().LoadFromData(b)
		if err == nil {
			err = doc.Validate(context.Background())
		}
		if err != nil {
			contract.err = err
			return
		}
		doc.Servers = openapi3.Servers{{URL: "/"}}
		contract.router, contract.err = gorillamux.NewRouter(doc)
	})
	return contract.router, contract.err
}

// checkContract fails t when a response does not match the document's
// description of method path (a request body is not checked: tests send
// bad ones on purpose).
func checkContract(t testing.TB, method, path string, status int, body []byte) {
	t.Helper()
	router, err := contractRouter()
	if err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	u, _ := url.Parse(path)
	req := &http.Request{Method: method, URL: u, Header: http.Header{}}
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Errorf("%s %s is not in the OpenAPI document: %v", method, u.Path, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{ExcludeRequestBody: true}},
		Status: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if status == http.StatusNoContent || len(body) == 0 {
		in.Header = http.Header{}
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		msg := err.Error()
		if len(msg) > 1500 {
			msg = msg[:1500] + "…"
		}
		t.Errorf("%s %s answered %d, not as the OpenAPI document says: %s", method, u.Path, status, strings.TrimSpace(msg))
	}
}
