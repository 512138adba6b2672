package assets

import (
	"regexp"
	"strings"
	"time"

	"github.com/opsmanager/opsmanager/domain"
)

// PatternTypeName is what an asset type's name looks like: server,
// virtual-machine, k8s-cluster.
const PatternTypeName = `^[a-z][a-z0-9-]{1,39}$`

var typeName = regexp.MustCompile(PatternTypeName)

// Type is a kind of asset: its name, its attributes' JSON Schema, and the
// attributes that identify an asset of it in an import when no
// externalKey is given (tried in order: serial, cloudId, fqdn...).
type Type struct {
	Name        string         `json:"name"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Schema      map[string]any `json:"schema"`
	Identifiers []string       `json:"identifiers"`
	Builtin     bool           `json:"builtin"`
	CreatedAt   time.Time      `json:"createdAt"`
	UpdatedAt   time.Time      `json:"updatedAt"`

	compiled *schema
}

// Normalize trims the type's text fields and fills an empty schema.
func (t *Type) Normalize() {
	t.Name = strings.TrimSpace(t.Name)
	t.Title = strings.TrimSpace(t.Title)
	t.Description = strings.TrimSpace(t.Description)
	if t.Schema == nil {
		t.Schema = map[string]any{"type": "object"}
	}
	if t.Identifiers == nil {
		t.Identifiers = []string{}
	}
}

// Validate checks the type and compiles its schema, which must describe an
// object. Identifiers must be properties of that object.
func (t *Type) Validate() error {
	var bad []domain.FieldError
	if !typeName.MatchString(t.Name) {
		bad = append(bad, domain.FieldError{Field: "name", Message: "must be 2 to 40 of a-z 0-9 - starting with a letter (e.g. k8s-cluster)"})
	}
	domain.CheckLength(&bad, "title", t.Title, 1, 100)
	domain.CheckLength(&bad, "description", t.Description, 0, 1000)
	compiled, problems := compileSchema(t.Schema)
	bad = append(bad, problems...)
	t.compiled = compiled
	props, _ := t.Schema["properties"].(map[string]any)
	for i, id := range t.Identifiers {
		if _, ok := props[id]; !ok {
			bad = append(bad, domain.FieldError{Field: "identifiers[" + itoa(i) + "]", Message: "must be one of the schema's properties"})
		}
	}
	return domain.ValidationError(bad)
}

// check validates attributes against the type's schema, compiling it on
// first use.
func (t *Type) check(attrs map[string]any) []domain.FieldError {
	if t.compiled == nil {
		compiled, problems := compileSchema(t.Schema)
		if len(problems) > 0 {
			return []domain.FieldError{{Field: "type", Message: "has a schema that does not compile; an admin must fix it"}}
		}
		t.compiled = compiled
	}
	return t.compiled.check(attrs)
}
