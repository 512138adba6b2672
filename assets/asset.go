// Package assets is the CMDB's domain: asset types with JSON Schemas for
// their attributes, assets, typed relationships between them and what
// fails when one of them does. It imports nothing of ours but domain; the
// store keeps it in Postgres and the API serves it.
package assets

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/opsmanager/opsmanager/domain"
)

// Lifecycle is where an asset is in its life.
type Lifecycle string

// Lifecycles.
const (
	Planned     Lifecycle = "planned"
	Active      Lifecycle = "active"
	Maintenance Lifecycle = "maintenance"
	Retired     Lifecycle = "retired"
)

// Lifecycles lists every lifecycle, in order.
var Lifecycles = []Lifecycle{Planned, Active, Maintenance, Retired}

// Valid reports whether l is a known lifecycle.
func (l Lifecycle) Valid() bool {
	for _, v := range Lifecycles {
		if l == v {
			return true
		}
	}
	return false
}

// Asset is one thing in the inventory. Its attributes are checked against
// its type's schema; ExternalKey (unique per type) is how imports find it
// again.
type Asset struct {
	ID          string         `json:"id"`
	Type        string         `json:"type"`
	Name        string         `json:"name"`
	ExternalKey string         `json:"externalKey,omitempty"`
	Attributes  map[string]any `json:"attributes"`
	Tags        []string       `json:"tags"`
	OwnerTeam   string         `json:"ownerTeam"`
	Environment string         `json:"environment"`
	Lifecycle   Lifecycle      `json:"lifecycle"`
	CreatedAt   time.Time      `json:"createdAt"`
	UpdatedAt   time.Time      `json:"updatedAt"`
}

// Normalize trims names, lower-cases tags and environment, and fills
// defaults.
func (a *Asset) Normalize() {
	a.Type = strings.TrimSpace(a.Type)
	a.Name = strings.TrimSpace(a.Name)
	a.ExternalKey = strings.TrimSpace(a.ExternalKey)
	a.OwnerTeam = strings.TrimSpace(a.OwnerTeam)
	a.Environment = strings.ToLower(strings.TrimSpace(a.Environment))
	a.Tags = domain.NormalizeTags(a.Tags)
	a.Attributes = canonical(a.Attributes)
	if a.Lifecycle == "" {
		a.Lifecycle = Active
	}
}

// Validate checks a normalized asset's own fields against t, its type, and
// names every bad field ("attributes.cpu.cores", "tags[2]").
func (a Asset) Validate(t Type) error {
	var bad []domain.FieldError
	domain.CheckLength(&bad, "name", a.Name, 1, 200)
	domain.CheckLength(&bad, "externalKey", a.ExternalKey, 0, 200)
	domain.CheckLength(&bad, "ownerTeam", a.OwnerTeam, 0, 100)
	if a.Environment != "" && !domain.ValidTag(a.Environment) {
		bad = append(bad, domain.FieldError{Field: "environment", Message: "must be 1 to 50 of a-z 0-9 _ . : = / - (e.g. production)"})
	}
	if !a.Lifecycle.Valid() {
		bad = append(bad, domain.FieldError{Field: "lifecycle", Message: "must be planned, active, maintenance or retired"})
	}
	domain.CheckTags(&bad, a.Tags)
	bad = append(bad, t.check(a.Attributes)...)
	return domain.ValidationError(bad)
}

// Filter selects assets for a list.
type Filter struct {
	Types       []string
	Tags        []string // all of them
	Environment string
	Lifecycle   Lifecycle
	OwnerTeam   string
	Query       string            // words matched (as prefixes) in the name and attribute values
	Attributes  map[string]string // attribute path ("os.name") → value
	After       string            // cursor from the previous page
	Limit       int
}

// Actor is who made a change, for the asset's history.
type Actor struct {
	Type string `json:"type"` // user, token, system, run
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Change is one entry of an asset's history: a create, an edit (with the
// fields that changed), a relationship added or ended, a playbook run that
// acted on it, a delete.
type Change struct {
	ID      int64          `json:"id"`
	AssetID string         `json:"assetId"`
	At      time.Time      `json:"at"`
	Actor   Actor          `json:"actor"`
	Action  string         `json:"action"`
	Diff    []FieldChange  `json:"diff"`
	RunID   string         `json:"runId,omitempty"`
	Details map[string]any `json:"details,omitempty"`
}

// Change actions.
const (
	ChangeCreated           = "created"
	ChangeUpdated           = "updated"
	ChangeDeleted           = "deleted"
	ChangeRelationshipAdded = "relationship.added"
	ChangeRelationshipEnded = "relationship.ended"
	ChangeImported          = "imported"
	ChangeRunActed          = "run.acted"
)

// canonical passes attributes through JSON, so that values compare as
// they will be stored and read back (numbers as float64, no json.Number
// or int64).
func canonical(attrs map[string]any) map[string]any {
	out := map[string]any{}
	if b, err := json.Marshal(attrs); err == nil {
		_ = json.Unmarshal(b, &out)
	}
	if out == nil {
		out = map[string]any{}
	}
	return out
}
