package assets

import (
	"strings"
)

// Formats of an import file.
const (
	FormatCSV       = "csv"
	FormatNDJSON    = "ndjson"
	FormatBackstage = "backstage"
)

// Row is one asset of an import file, with the line it starts on. A row
// sets the fields it has and leaves the others as they are, so a file that
// names only some columns changes only those; attributes merge key by key.
type Row struct {
	Line        int            `json:"line"`
	Type        string         `json:"type"`
	Name        string         `json:"name"`
	ExternalKey string         `json:"externalKey,omitempty"`
	Attributes  map[string]any `json:"attributes,omitempty"`
	Tags        *[]string      `json:"tags,omitempty"`
	OwnerTeam   *string        `json:"ownerTeam,omitempty"`
	Environment *string        `json:"environment,omitempty"`
	Lifecycle   *Lifecycle     `json:"lifecycle,omitempty"`
	// Relationships from this asset to others named by reference: the
	// target's "type:externalKey" or "type:name".
	Relationships []RowEdge `json:"relationships,omitempty"`
	// Text says the attribute values were read as text (CSV): the type's
	// schema turns them into numbers, booleans and lists.
	Text bool `json:"text,omitempty"`
}

// RowEdge is a relationship an import row declares.
type RowEdge struct {
	Type   string `json:"type"`
	Target string `json:"target"`
	// RedundancyGroup, when set, makes the edge one of alternatives.
	RedundancyGroup string `json:"redundancyGroup,omitempty"`
}

// RowError is a problem with one row of a file: its line, the field when
// known, and what is wrong.
type RowError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Apply sets the row's fields on a (a new asset or the stored one).
func (r Row) Apply(a *Asset) {
	a.Type = r.Type
	if r.Name != "" {
		a.Name = r.Name
	}
	if r.ExternalKey != "" {
		a.ExternalKey = r.ExternalKey
	}
	if len(r.Attributes) > 0 {
		merged := make(map[string]any, len(a.Attributes)+len(r.Attributes))
		for k, v := range a.Attributes {
			merged[k] = v
		}
		for k, v := range r.Attributes {
			merged[k] = v
		}
		a.Attributes = merged
	}
	if r.Tags != nil {
		a.Tags = *r.Tags
	}
	if r.OwnerTeam != nil {
		a.OwnerTeam = *r.OwnerTeam
	}
	if r.Environment != nil {
		a.Environment = *r.Environment
	}
	if r.Lifecycle != nil {
		a.Lifecycle = *r.Lifecycle
	}
	a.Normalize()
}

// Ref is how other rows name this row's asset: "type:externalKey", else
// "type:name".
func (r Row) Ref() string { return RefOf(r.Type, r.ExternalKey, r.Name) }

// RefOf is the reference of an asset of typ with key or name.
func RefOf(typ, key, name string) string {
	if key != "" {
		return typ + ":" + key
	}
	return typ + ":" + name
}

// problems are the row's own errors, before any lookup: a type and a name
// or key to find the asset by, and known relationship types.
func (r Row) problems() []RowError {
	var bad []RowError
	if r.Type == "" {
		bad = append(bad, RowError{Line: r.Line, Field: "type", Message: "is required"})
	}
	if r.Name == "" && r.ExternalKey == "" {
		bad = append(bad, RowError{Line: r.Line, Field: "name", Message: "is required (or an externalKey)"})
	}
	for i, e := range r.Relationships {
		if _, _, ok := LookupRelationship(e.Type); !ok {
			bad = append(bad, RowError{Line: r.Line, Field: "relationships[" + itoa(i) + "].type", Message: e.Type + " is not a relationship type"})
		}
		if !strings.Contains(e.Target, ":") {
			bad = append(bad, RowError{Line: r.Line, Field: "relationships[" + itoa(i) + "].target", Message: "must be type:externalKey or type:name"})
		}
	}
	return bad
}
