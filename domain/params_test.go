package domain_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/opsmanager/opsmanager/domain"
)

// decodeParams decodes a JSON object the way the API does (UseNumber), so
// numbers reach ValidateParams as json.Number.
func decodeParams(t *testing.T, body string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return raw
}

// fieldNames returns the Field of every FieldError in err, which must be an
// EInvalid *domain.Error.
func fieldNames(t *testing.T, err error) []string {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v (%T) is not a *domain.Error", err, err)
	}
	if de.Code != domain.EInvalid {
		t.Errorf("error code = %q, want %q", de.Code, domain.EInvalid)
	}
	var names []string
	for _, f := range de.Fields {
		names = append(names, f.Field)
	}
	return names
}

func TestValidateParamsAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		specs []domain.Param
		body  string // JSON object, decoded with UseNumber
		want  map[string]any
	}{
		{
			name:  "required string given",
			specs: []domain.Param{{Name: "host", Type: domain.ParamString, Required: true}},
			body:  `{"host": "db-1"}`,
			want:  map[string]any{"host": "db-1"},
		},
		{
			name: "defaults applied to missing and null params",
			specs: []domain.Param{
				{Name: "port", Type: domain.ParamInteger, Default: int64(22)},
				{Name: "mode", Type: domain.ParamString, Default: "fast"},
				{Name: "dryRun", Type: domain.ParamBoolean, Default: true},
			},
			body: `{"mode": null}`,
			want: map[string]any{"port": int64(22), "mode": "fast", "dryRun": true},
		},
		{
			name:  "given value wins over default",
			specs: []domain.Param{{Name: "port", Type: domain.ParamInteger, Default: int64(22)}},
			body:  `{"port": 2222}`,
			want:  map[string]any{"port": int64(2222)},
		},
		{
			name:  "optional param without default is left out",
			specs: []domain.Param{{Name: "note", Type: domain.ParamString}},
			body:  `{}`,
			want:  map[string]any{},
		},
		{
			name:  "integer from json.Number becomes int64",
			specs: []domain.Param{{Name: "n", Type: domain.ParamInteger}},
			body:  `{"n": 42}`,
			want:  map[string]any{"n": int64(42)},
		},
		{
			name:  "integer written with a zero fraction is whole",
			specs: []domain.Param{{Name: "n", Type: domain.ParamInteger}},
			body:  `{"n": 3.0}`,
			want:  map[string]any{"n": int64(3)},
		},
		{
			name:  "integer in exponent notation",
			specs: []domain.Param{{Name: "n", Type: domain.ParamInteger}},
			body:  `{"n": 1e3}`,
			want:  map[string]any{"n": int64(1000)},
		},
		{
			name:  "number keeps its fraction",
			specs: []domain.Param{{Name: "ratio", Type: domain.ParamNumber}},
			body:  `{"ratio": 0.75}`,
			want:  map[string]any{"ratio": 0.75},
		},
		{
			name:  "negative number",
			specs: []domain.Param{{Name: "delta", Type: domain.ParamNumber}},
			body:  `{"delta": -1.5}`,
			want:  map[string]any{"delta": -1.5},
		},
		{
			name:  "number at min and max bounds",
			specs: []domain.Param{{Name: "lo", Type: domain.ParamInteger, Min: domain.Float(1), Max: domain.Float(10)}, {Name: "hi", Type: domain.ParamNumber, Min: domain.Float(1), Max: domain.Float(10)}},
			body:  `{"lo": 1, "hi": 10}`,
			want:  map[string]any{"lo": int64(1), "hi": 10.0},
		},
		{
			name:  "booleans true and false",
			specs: []domain.Param{{Name: "a", Type: domain.ParamBoolean}, {Name: "b", Type: domain.ParamBoolean, Default: true}},
			body:  `{"a": true, "b": false}`,
			want:  map[string]any{"a": true, "b": false},
		},
		{
			name:  "http and https URLs",
			specs: []domain.Param{{Name: "a", Type: domain.ParamURL}, {Name: "b", Type: domain.ParamURL}},
			body:  `{"a": "http://example.com/health", "b": "https://example.com:8443/x?y=1"}`,
			want:  map[string]any{"a": "http://example.com/health", "b": "https://example.com:8443/x?y=1"},
		},
		{
			name:  "string length at min and max bounds",
			specs: []domain.Param{{Name: "a", Type: domain.ParamString, Min: domain.Float(2), Max: domain.Float(4)}, {Name: "b", Type: domain.ParamString, Min: domain.Float(2), Max: domain.Float(4)}},
			body:  `{"a": "ab", "b": "abcd"}`,
			want:  map[string]any{"a": "ab", "b": "abcd"},
		},
		{
			name:  "enum member",
			specs: []domain.Param{{Name: "env", Type: domain.ParamString, Enum: []string{"staging", "production"}}},
			body:  `{"env": "production"}`,
			want:  map[string]any{"env": "production"},
		},
		{
			name:  "pattern matches the whole value",
			specs: []domain.Param{{Name: "svc", Type: domain.ParamString, Pattern: `[a-z]+(-[a-z]+)*`}},
			body:  `{"svc": "api-gateway"}`,
			want:  map[string]any{"svc": "api-gateway"},
		},
		{
			name:  "pattern with alternation is anchored as a whole",
			specs: []domain.Param{{Name: "svc", Type: domain.ParamString, Pattern: `api|web`}},
			body:  `{"svc": "web"}`,
			want:  map[string]any{"svc": "web"},
		},
		{
			name:  "optional string may be empty",
			specs: []domain.Param{{Name: "note", Type: domain.ParamString}},
			body:  `{"note": ""}`,
			want:  map[string]any{"note": ""},
		},
		{
			name:  "string of exactly 4096 bytes",
			specs: []domain.Param{{Name: "script", Type: domain.ParamString}},
			body:  `{"script": "` + strings.Repeat("x", 4096) + `"}`,
			want:  map[string]any{"script": strings.Repeat("x", 4096)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := domain.ValidateParams(tt.specs, decodeParams(t, tt.body))
			if err != nil {
				t.Fatalf("ValidateParams(%s) error: %v", tt.body, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ValidateParams(%s) = %#v, want %#v", tt.body, got, tt.want)
			}
		})
	}
}

func TestValidateParamsAcceptsGoNumbers(t *testing.T) {
	t.Parallel()
	// Callers inside the process (schedules, tests) pass Go numbers.
	specs := []domain.Param{
		{Name: "a", Type: domain.ParamInteger},
		{Name: "b", Type: domain.ParamInteger},
		{Name: "c", Type: domain.ParamInteger},
		{Name: "d", Type: domain.ParamNumber},
	}
	got, err := domain.ValidateParams(specs, map[string]any{"a": 1, "b": int64(2), "c": 3.0, "d": 4})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": int64(1), "b": int64(2), "c": int64(3), "d": 4.0}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

func TestValidateParamsRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		specs   []domain.Param
		body    string
		field   string
		message string // substring of the field's message
	}{
		{"required missing", []domain.Param{{Name: "host", Type: domain.ParamString, Required: true}}, `{}`, "params.host", "is required"},
		{"required null", []domain.Param{{Name: "host", Type: domain.ParamString, Required: true}}, `{"host": null}`, "params.host", "is required"},
		{"required blank string", []domain.Param{{Name: "host", Type: domain.ParamString, Required: true}}, `{"host": "  "}`, "params.host", "is required"},
		{"required with default still required", []domain.Param{{Name: "n", Type: domain.ParamInteger, Required: true, Default: int64(1)}}, `{}`, "params.n", "is required"},
		{"unknown param", []domain.Param{{Name: "host", Type: domain.ParamString}}, `{"hots": "db-1"}`, "params.hots", "is not a parameter"},
		{"unknown param even when null", nil, `{"extra": null}`, "params.extra", "is not a parameter"},
		{"string given a number", []domain.Param{{Name: "host", Type: domain.ParamString}}, `{"host": 5}`, "params.host", "must be a string"},
		{"string given a boolean", []domain.Param{{Name: "host", Type: domain.ParamString}}, `{"host": true}`, "params.host", "must be a string"},
		{"string longer than 4096 bytes", []domain.Param{{Name: "s", Type: domain.ParamString}}, `{"s": "` + strings.Repeat("x", 4097) + `"}`, "params.s", "at most 4096 characters"},
		{"integer given a string", []domain.Param{{Name: "n", Type: domain.ParamInteger}}, `{"n": "5"}`, "params.n", "must be a number"},
		{"integer given a fraction", []domain.Param{{Name: "n", Type: domain.ParamInteger}}, `{"n": 2.5}`, "params.n", "must be a whole number"},
		{"integer below min", []domain.Param{{Name: "n", Type: domain.ParamInteger, Min: domain.Float(1)}}, `{"n": 0}`, "params.n", "must be at least 1"},
		{"integer above max", []domain.Param{{Name: "n", Type: domain.ParamInteger, Max: domain.Float(60)}}, `{"n": 61}`, "params.n", "must be at most 60"},
		{"number given an array", []domain.Param{{Name: "x", Type: domain.ParamNumber}}, `{"x": [1]}`, "params.x", "must be a number"},
		{"number below min", []domain.Param{{Name: "x", Type: domain.ParamNumber, Min: domain.Float(0.5)}}, `{"x": 0.49}`, "params.x", "must be at least 0.5"},
		{"number above max", []domain.Param{{Name: "x", Type: domain.ParamNumber, Max: domain.Float(1)}}, `{"x": 1.01}`, "params.x", "must be at most 1"},
		{"boolean given a string", []domain.Param{{Name: "b", Type: domain.ParamBoolean}}, `{"b": "true"}`, "params.b", "must be true or false"},
		{"boolean given a number", []domain.Param{{Name: "b", Type: domain.ParamBoolean}}, `{"b": 1}`, "params.b", "must be true or false"},
		{"url given a number", []domain.Param{{Name: "u", Type: domain.ParamURL}}, `{"u": 1}`, "params.u", "must be a string"},
		{"url without scheme", []domain.Param{{Name: "u", Type: domain.ParamURL}}, `{"u": "example.com/health"}`, "params.u", "absolute http or https URL"},
		{"url with ftp scheme", []domain.Param{{Name: "u", Type: domain.ParamURL}}, `{"u": "ftp://example.com/"}`, "params.u", "absolute http or https URL"},
		{"url with file scheme", []domain.Param{{Name: "u", Type: domain.ParamURL}}, `{"u": "file:///etc/passwd"}`, "params.u", "absolute http or https URL"},
		{"url without host", []domain.Param{{Name: "u", Type: domain.ParamURL}}, `{"u": "http:///path"}`, "params.u", "absolute http or https URL"},
		{"url that does not parse", []domain.Param{{Name: "u", Type: domain.ParamURL}}, `{"u": "http://[::1"}`, "params.u", "absolute http or https URL"},
		{"string shorter than min", []domain.Param{{Name: "s", Type: domain.ParamString, Min: domain.Float(3)}}, `{"s": "ab"}`, "params.s", "at least 3 characters"},
		{"string longer than max", []domain.Param{{Name: "s", Type: domain.ParamString, Max: domain.Float(3)}}, `{"s": "abcd"}`, "params.s", "at most 3 characters"},
		{"url longer than max", []domain.Param{{Name: "u", Type: domain.ParamURL, Max: domain.Float(12)}}, `{"u": "https://example.com"}`, "params.u", "at most 12 characters"},
		{"not in enum", []domain.Param{{Name: "env", Type: domain.ParamString, Enum: []string{"staging", "production"}}}, `{"env": "prod"}`, "params.env", "must be one of staging, production"},
		{"enum is case sensitive", []domain.Param{{Name: "env", Type: domain.ParamString, Enum: []string{"staging"}}}, `{"env": "Staging"}`, "params.env", "must be one of staging"},
		{"pattern only matching a prefix", []domain.Param{{Name: "svc", Type: domain.ParamString, Pattern: `[a-z]+`}}, `{"svc": "api; rm -rf /"}`, "params.svc", "does not match the pattern"},
		{"pattern only matching a suffix", []domain.Param{{Name: "svc", Type: domain.ParamString, Pattern: `[a-z]+`}}, `{"svc": "../api"}`, "params.svc", "does not match the pattern"},
		{"pattern alternation anchored on both sides", []domain.Param{{Name: "svc", Type: domain.ParamString, Pattern: `api|web`}}, `{"svc": "api-x"}`, "params.svc", "does not match the pattern"},
		{"pattern with newline smuggled after a match", []domain.Param{{Name: "svc", Type: domain.ParamString, Pattern: `[a-z]+`}}, `{"svc": "api\nrm"}`, "params.svc", "does not match the pattern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := domain.ValidateParams(tt.specs, decodeParams(t, tt.body))
			if err == nil {
				t.Fatalf("ValidateParams(%.60s) = %v, want an error", tt.body, got)
			}
			if got != nil {
				t.Errorf("ValidateParams returned values %v along with an error", got)
			}
			var de *domain.Error
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *domain.Error", err)
			}
			if de.Code != domain.EInvalid {
				t.Errorf("code = %q, want %q", de.Code, domain.EInvalid)
			}
			if len(de.Fields) != 1 {
				t.Fatalf("Fields = %+v, want exactly one for %s", de.Fields, tt.field)
			}
			if f := de.Fields[0]; f.Field != tt.field || !strings.Contains(f.Message, tt.message) {
				t.Errorf("field error = %+v, want field %q with message containing %q", f, tt.field, tt.message)
			}
			if !strings.Contains(de.Message, tt.field) {
				t.Errorf("message %q does not name %s", de.Message, tt.field)
			}
		})
	}
}

func TestValidateParamsNamesEveryBadField(t *testing.T) {
	t.Parallel()
	specs := []domain.Param{
		{Name: "host", Type: domain.ParamString, Required: true},
		{Name: "port", Type: domain.ParamInteger, Min: domain.Float(1), Max: domain.Float(65535)},
		{Name: "url", Type: domain.ParamURL},
		{Name: "force", Type: domain.ParamBoolean},
		{Name: "env", Type: domain.ParamString, Enum: []string{"staging", "production"}},
		{Name: "ok", Type: domain.ParamString},
	}
	raw := decodeParams(t, `{"port": 70000, "url": "gopher://x", "force": "yes", "env": "dev", "ok": "fine", "zeta": 1, "alpha": 2}`)
	_, err := domain.ValidateParams(specs, raw)
	if err == nil {
		t.Fatal("want an error")
	}
	got := fieldNames(t, err)
	// Declared params in declaration order, then unknown params sorted.
	want := []string{"params.host", "params.port", "params.url", "params.force", "params.env", "params.alpha", "params.zeta"}
	if !slices.Equal(got, want) {
		t.Errorf("Fields = %v, want %v", got, want)
	}
	if msg := domain.ErrorMessage(err); !strings.Contains(msg, "params.host") || !strings.Contains(msg, "and 6 more") {
		t.Errorf("message %q should name the first field and count the others", msg)
	}
}

func TestValidateParamsCountsCharactersNotBytes(t *testing.T) {
	t.Parallel()
	// JSON Schema's minLength/maxLength (the dashboard's form) count
	// characters, so the server must too.
	specs := []domain.Param{{Name: "s", Type: domain.ParamString, Min: domain.Float(5), Max: domain.Float(5)}}
	for _, s := range []string{"hello", "héllo", "日本語です"} {
		if _, err := domain.ValidateParams(specs, map[string]any{"s": s}); err != nil {
			t.Errorf("%q (5 characters) with min=max=5: %v", s, err)
		}
	}
}

func TestValidateParamsRejectsIntegersOutOfRange(t *testing.T) {
	t.Parallel()
	// Integers beyond 2^53 cannot be kept exactly: reject them rather than
	// silently changing them.
	specs := []domain.Param{{Name: "n", Type: domain.ParamInteger}}
	for _, body := range []string{`{"n": 1e20}`, `{"n": -1e20}`, `{"n": 9007199254740993}`} {
		got, err := domain.ValidateParams(specs, decodeParams(t, body))
		if err == nil {
			t.Errorf("ValidateParams(%s) = %v, want an error rather than a changed number", body, got)
		}
	}
}

func TestParamsSchema(t *testing.T) {
	t.Parallel()
	specs := []domain.Param{
		{Name: "host", Type: domain.ParamString, Required: true, Help: "Host to check."},
		{Name: "svc", Type: domain.ParamString, Min: domain.Float(2), Max: domain.Float(30), Pattern: `[a-z-]+`},
		{Name: "env", Type: domain.ParamString, Enum: []string{"staging", "production"}, Default: "staging"},
		{Name: "url", Type: domain.ParamURL, Required: true, Max: domain.Float(2048)},
		{Name: "port", Type: domain.ParamInteger, Min: domain.Float(1), Max: domain.Float(65535), Default: int64(22)},
		{Name: "ratio", Type: domain.ParamNumber, Min: domain.Float(0), Max: domain.Float(1)},
		{Name: "force", Type: domain.ParamBoolean, Default: false},
		{Name: "token", Type: domain.ParamString, Secret: true},
	}
	s := domain.ParamsSchema(specs)

	// Round-trip through JSON, as a client sees it.
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatalf("schema does not encode as JSON: %v", err)
	}
	var schema struct {
		Schema               string                    `json:"$schema"`
		Type                 string                    `json:"type"`
		Required             []string                  `json:"required"`
		AdditionalProperties *bool                     `json:"additionalProperties"`
		Properties           map[string]map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatal(err)
	}
	if schema.Schema != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %q", schema.Schema)
	}
	if schema.Type != "object" {
		t.Errorf("type = %q, want object", schema.Type)
	}
	if schema.AdditionalProperties == nil || *schema.AdditionalProperties {
		t.Errorf("additionalProperties = %v, want false (unknown params are rejected)", schema.AdditionalProperties)
	}
	if want := []string{"host", "url"}; !slices.Equal(schema.Required, want) {
		t.Errorf("required = %v, want %v", schema.Required, want)
	}
	if len(schema.Properties) != len(specs) {
		t.Errorf("properties has %d entries, want %d", len(schema.Properties), len(specs))
	}

	tests := []struct {
		param  string
		want   map[string]any // keys that must have these values
		absent []string       // keys that must not be present
	}{
		{"host", map[string]any{"type": "string", "minLength": 1.0, "description": "Host to check."},
			[]string{"minimum", "maximum", "format", "writeOnly", "default", "enum"}},
		{"svc", map[string]any{"type": "string", "minLength": 2.0, "maxLength": 30.0, "pattern": "^(?:[a-z-]+)$"},
			[]string{"minimum", "maximum"}},
		{"env", map[string]any{"type": "string", "enum": []any{"staging", "production"}, "default": "staging"},
			[]string{"minLength"}},
		{"url", map[string]any{"type": "string", "format": "uri", "minLength": 1.0, "maxLength": 2048.0},
			[]string{"minimum", "maximum"}},
		{"port", map[string]any{"type": "integer", "minimum": 1.0, "maximum": 65535.0, "default": 22.0},
			[]string{"minLength", "maxLength", "format"}},
		{"ratio", map[string]any{"type": "number", "minimum": 0.0, "maximum": 1.0},
			[]string{"minLength", "maxLength", "default"}},
		{"force", map[string]any{"type": "boolean", "default": false},
			[]string{"minimum", "minLength", "enum"}},
		{"token", map[string]any{"type": "string", "writeOnly": true},
			[]string{"minLength", "default"}},
	}
	for _, tt := range tests {
		t.Run(tt.param, func(t *testing.T) {
			prop, ok := schema.Properties[tt.param]
			if !ok {
				t.Fatalf("no property %q in %v", tt.param, schema.Properties)
			}
			for k, v := range tt.want {
				if !reflect.DeepEqual(prop[k], v) {
					t.Errorf("%s.%s = %#v, want %#v", tt.param, k, prop[k], v)
				}
			}
			for _, k := range tt.absent {
				if v, ok := prop[k]; ok {
					t.Errorf("%s.%s = %#v, want absent", tt.param, k, v)
				}
			}
		})
	}
}

func TestParamsSchemaWithoutParams(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(domain.ParamsSchema(nil))
	if err != nil {
		t.Fatal(err)
	}
	// A playbook without parameters still has a valid object schema, with
	// "required": [] rather than null.
	for _, want := range []string{`"type":"object"`, `"required":[]`, `"properties":{}`, `"additionalProperties":false`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("schema %s lacks %s", b, want)
		}
	}
}

func TestPlaybookMaskSecrets(t *testing.T) {
	t.Parallel()
	pb := domain.Playbook{Params: []domain.Param{
		{Name: "host", Type: domain.ParamString},
		{Name: "password", Type: domain.ParamString, Secret: true},
		{Name: "apiKey", Type: domain.ParamString, Secret: true},
	}}
	params := map[string]any{"host": "db-1", "password": "hunter2"}
	got := pb.MaskSecrets(params)

	want := map[string]any{"host": "db-1", "password": "********"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("MaskSecrets = %v, want %v (absent secrets stay absent)", got, want)
	}
	if params["password"] != "hunter2" {
		t.Errorf("MaskSecrets changed its input: password = %v", params["password"])
	}
	if got := pb.MaskSecrets(nil); len(got) != 0 {
		t.Errorf("MaskSecrets(nil) = %v, want empty", got)
	}
}

func TestPlaybookViewMarksSecretsWriteOnly(t *testing.T) {
	t.Parallel()
	pb := domain.Playbook{
		Name:   "restart",
		Params: []domain.Param{{Name: "token", Type: domain.ParamString, Secret: true, Required: true}},
	}
	b, err := json.Marshal(pb.View())
	if err != nil {
		t.Fatal(err)
	}
	var view struct {
		ParamsSchema struct {
			Properties map[string]map[string]any `json:"properties"`
		} `json:"paramsSchema"`
	}
	if err := json.Unmarshal(b, &view); err != nil {
		t.Fatal(err)
	}
	if view.ParamsSchema.Properties["token"]["writeOnly"] != true {
		t.Errorf("view %s: secret param is not writeOnly", b)
	}
}
