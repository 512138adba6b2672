package assets

import (
	"time"

	"github.com/opsmanager/opsmanager/domain"
)

// RelationshipType is a directed kind of edge with a readable inverse:
// "a depends_on b" is "b dependency_of a". Failure says what a failure
// of the target does to the source: an app that depends_on a database
// fails with it; an owner does not fail with what it owns.
type RelationshipType struct {
	Name    string `json:"name"`
	Inverse string `json:"inverse"`
	// Propagates: when the target fails, the source fails too (or is
	// degraded, if the edge has a redundancy group with a member still up).
	Propagates bool `json:"propagates"`
	// Reversed: failure runs the other way, from source to target (a rack
	// that contains a host takes the host down).
	Reversed    bool   `json:"reversed"`
	Description string `json:"description"`
}

// RelationshipTypes are the kinds of edge, by forward name.
var RelationshipTypes = []RelationshipType{
	{Name: "depends_on", Inverse: "dependency_of", Propagates: true, Description: "needs the target to work"},
	{Name: "runs_on", Inverse: "hosts", Propagates: true, Description: "runs on the target (a VM on a host, an app on a VM)"},
	{Name: "contains", Inverse: "contained_by", Propagates: true, Reversed: true, Description: "physically or logically holds the target (a rack holds hosts)"},
	{Name: "connects_to", Inverse: "connects_to", Description: "talks to the target over the network"},
	{Name: "member_of", Inverse: "has_member", Propagates: true, Reversed: true, Description: "is one of the target group's members; the group is degraded while others are up"},
	{Name: "owned_by", Inverse: "owns", Description: "is owned by the target (a team, a person's service)"},
	{Name: "backed_up_by", Inverse: "backs_up", Description: "is backed up by the target"},
}

// LookupRelationship finds a relationship type by its forward or inverse
// name; inverse says it was the inverse, so the pair must be swapped to be
// stored the forward way.
func LookupRelationship(name string) (t RelationshipType, inverse, ok bool) {
	for _, rt := range RelationshipTypes {
		if rt.Name == name {
			return rt, false, true
		}
		if rt.Inverse == name {
			return rt, true, true
		}
	}
	return RelationshipType{}, false, false
}

// Relationship is one edge "source type target", valid from ValidFrom
// until ValidTo (nil: still true). Ending an edge sets ValidTo; it is
// kept, so the graph can be read as it was at any time.
type Relationship struct {
	ID         string         `json:"id"`
	Type       string         `json:"type"`
	SourceID   string         `json:"sourceId"`
	TargetID   string         `json:"targetId"`
	Attributes EdgeAttributes `json:"attributes"`
	ValidFrom  time.Time      `json:"validFrom"`
	ValidTo    *time.Time     `json:"validTo"`
	CreatedAt  time.Time      `json:"createdAt"`
}

// EdgeAttributes describe an edge. Edges of one source with the same
// RedundancyGroup are alternatives: the source is down only when all of
// their targets are.
type EdgeAttributes struct {
	Criticality     string `json:"criticality,omitempty"` // low, medium, high
	RedundancyGroup string `json:"redundancyGroup,omitempty"`
	Note            string `json:"note,omitempty"`
}

// Validate checks an edge given in either direction and returns it stored
// the forward way.
func (r Relationship) Validate() (Relationship, error) {
	var bad []domain.FieldError
	rt, inverse, ok := LookupRelationship(r.Type)
	if !ok {
		bad = append(bad, domain.FieldError{Field: "type", Message: "must be a relationship type such as depends_on, runs_on, contains, member_of or their inverses"})
	}
	if !domain.IsUUID(r.SourceID) {
		bad = append(bad, domain.FieldError{Field: "sourceId", Message: "must be an asset id"})
	}
	if !domain.IsUUID(r.TargetID) {
		bad = append(bad, domain.FieldError{Field: "targetId", Message: "must be an asset id"})
	}
	switch r.Attributes.Criticality {
	case "", "low", "medium", "high":
	default:
		bad = append(bad, domain.FieldError{Field: "attributes.criticality", Message: "must be low, medium or high"})
	}
	domain.CheckLength(&bad, "attributes.redundancyGroup", r.Attributes.RedundancyGroup, 0, 100)
	domain.CheckLength(&bad, "attributes.note", r.Attributes.Note, 0, 500)
	if r.ValidTo != nil {
		bad = append(bad, domain.FieldError{Field: "validTo", Message: "is set by ending the relationship (DELETE)"})
	}
	if err := domain.ValidationError(bad); err != nil {
		return r, err
	}
	if inverse {
		r.SourceID, r.TargetID = r.TargetID, r.SourceID
	}
	r.Type = rt.Name
	if r.SourceID == r.TargetID {
		return r, domain.Errorf(domain.EConflict, "an asset cannot have a relationship with itself")
	}
	return r, nil
}
