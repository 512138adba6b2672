package assets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/opsmanager/opsmanager/domain"
)

// schema is a compiled attribute schema.
type schema struct{ compiled *jsonschema.Schema }

var english = message.NewPrinter(language.English)

// noLoader refuses every $ref to another document: a schema an admin
// typed must not make the server read files or fetch URLs.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("schemas may not refer to other documents (%s)", url)
}

// compileSchema compiles doc (draft 2020-12) and checks it describes an
// object, reporting problems under the field "schema".
func compileSchema(doc map[string]any) (*schema, []domain.FieldError) {
	fail := func(msg string) (*schema, []domain.FieldError) {
		return nil, []domain.FieldError{{Field: "schema", Message: msg}}
	}
	if doc["type"] != "object" {
		return fail(`must be a JSON Schema of "type": "object"`)
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return fail("is not JSON")
	}
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return fail("is not JSON")
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseLoader(noLoader{})
	c.AssertFormat()
	if err := c.AddResource("asset-type.json", parsed); err != nil {
		return fail(err.Error())
	}
	compiled, err := c.Compile("asset-type.json")
	if err != nil {
		return fail("is not a valid JSON Schema: " + firstLine(err.Error()))
	}
	return &schema{compiled: compiled}, nil
}

// check validates attrs and names each bad value by its path under
// "attributes" ("attributes.disks[0].sizeGb").
func (s *schema) check(attrs map[string]any) []domain.FieldError {
	raw, err := json.Marshal(attrs)
	if err != nil {
		return []domain.FieldError{{Field: "attributes", Message: "must be a JSON object"}}
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return []domain.FieldError{{Field: "attributes", Message: "must be a JSON object"}}
	}
	var ve *jsonschema.ValidationError
	if err := s.compiled.Validate(inst); !errors.As(err, &ve) {
		return nil
	}
	var bad []domain.FieldError
	leaves(ve, func(e *jsonschema.ValidationError) {
		at := fieldPath(e.InstanceLocation)
		if req, ok := e.ErrorKind.(*kind.Required); ok {
			for _, m := range req.Missing {
				bad = append(bad, domain.FieldError{Field: at + "." + m, Message: "is required"})
			}
			return
		}
		bad = append(bad, domain.FieldError{Field: at, Message: e.ErrorKind.LocalizedString(english)})
	})
	sort.SliceStable(bad, func(i, j int) bool { return bad[i].Field < bad[j].Field })
	return bad
}

// leaves calls fn for each error of the tree that has no causes: the
// specific problems, not the "allOf failed" around them.
func leaves(e *jsonschema.ValidationError, fn func(*jsonschema.ValidationError)) {
	if len(e.Causes) == 0 {
		fn(e)
		return
	}
	for _, c := range e.Causes {
		leaves(c, fn)
	}
}

// fieldPath writes an instance location as a field path under attributes.
func fieldPath(loc []string) string {
	var b strings.Builder
	b.WriteString("attributes")
	for _, p := range loc {
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteString("[" + p + "]")
			continue
		}
		b.WriteString("." + p)
	}
	return b.String()
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func itoa(i int) string { return strconv.Itoa(i) }
