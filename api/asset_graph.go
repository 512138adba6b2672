package api

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/domain"
)

// maxGraphNodes caps a graph answer; the dashboard expands from there.
const maxGraphNodes = 5000

// graphQuery reads ?depth= (1 to 10, default 2), ?direction=up|down|both,
// ?types= (relationship names, inverse names count as theirs) and ?asOf=.
func graphQuery(c *gin.Context, root string, bad *[]domain.FieldError) assets.GraphQuery {
	q := assets.GraphQuery{Roots: []string{root}, Depth: intQuery(c, "depth", 2, 1, 10, bad),
		Direction: assets.Direction(c.DefaultQuery("direction", "both")), MaxNodes: maxGraphNodes, Types: []string{}}
	switch q.Direction {
	case assets.Upward, assets.Downward, assets.Both:
	default:
		*bad = append(*bad, domain.FieldError{Field: "direction", Message: "must be up, down or both"})
	}
	for _, name := range splitAll(c.QueryArray("types")) {
		rt, _, ok := assets.LookupRelationship(name)
		if !ok {
			*bad = append(*bad, domain.FieldError{Field: "types", Message: name + " is not a relationship type"})
			continue
		}
		q.Types = append(q.Types, rt.Name)
	}
	if at := timeQuery(c, "asOf", bad); !at.IsZero() {
		q.AsOf = &at
	}
	return q
}

func (s *Server) assetGraph(c *gin.Context, _ none) (assets.Graph, error) {
	var bad []domain.FieldError
	q := graphQuery(c, c.Param("id"), &bad)
	if err := domain.ValidationError(bad); err != nil {
		return assets.Graph{}, err
	}
	if _, err := s.deps.Assets.Get(c.Request.Context(), c.Param("id")); err != nil {
		return assets.Graph{}, err
	}
	return s.deps.Assets.Walk(c.Request.Context(), q)
}

// AssetRelationship is one current edge of an asset as its page lists it:
// read from the asset's side ("hosts vm-3", "depends_on payments-db").
type AssetRelationship struct {
	assets.Relationship
	// Verb is the relationship read from this asset: the type, or its
	// inverse when the asset is the target.
	Verb  string           `json:"verb"`
	Other assets.GraphNode `json:"other"`
}

func (s *Server) assetRelationships(c *gin.Context, _ none) ([]AssetRelationship, error) {
	id := c.Param("id")
	g, err := s.assetGraphAround(c, id, 1)
	if err != nil {
		return nil, err
	}
	nodes := map[string]assets.GraphNode{}
	for _, n := range g.Nodes {
		nodes[n.ID] = n
	}
	out := make([]AssetRelationship, 0, len(g.Edges))
	for _, e := range g.Edges {
		rt, _, _ := assets.LookupRelationship(e.Type)
		r := AssetRelationship{Relationship: e, Verb: rt.Name, Other: nodes[e.TargetID]}
		if e.TargetID == id {
			r.Verb, r.Other = rt.Inverse, nodes[e.SourceID]
		}
		out = append(out, r)
	}
	return out, nil
}

func (s *Server) assetGraphAround(c *gin.Context, id string, depth int) (assets.Graph, error) {
	if _, err := s.deps.Assets.Get(c.Request.Context(), id); err != nil {
		return assets.Graph{}, err
	}
	return s.deps.Assets.Walk(c.Request.Context(), assets.GraphQuery{Roots: []string{id}, Depth: depth,
		Direction: assets.Both, MaxNodes: maxGraphNodes, Types: []string{}})
}

func (s *Server) listRelationshipTypes(c *gin.Context, _ none) ([]assets.RelationshipType, error) {
	return assets.RelationshipTypes, nil
}

// relationshipRequest names an edge in either direction: "web-1 hosts
// app-2" is stored as "app-2 runs_on web-1".
type relationshipRequest struct {
	Type       string                `json:"type"`
	SourceID   string                `json:"sourceId"`
	TargetID   string                `json:"targetId"`
	Attributes assets.EdgeAttributes `json:"attributes"`
	// ValidFrom backdates the edge (default now); it may not be in the future.
	ValidFrom *time.Time `json:"validFrom"`
}

// CreatedRelationship is the stored (forward) edge, and the depends_on
// cycle it closed, if any: allowed, but worth a look.
type CreatedRelationship struct {
	assets.Relationship
	Cycle []string `json:"cycle,omitempty"`
}

func (s *Server) createRelationship(c *gin.Context, req relationshipRequest) (CreatedRelationship, error) {
	r := assets.Relationship{Type: req.Type, SourceID: req.SourceID, TargetID: req.TargetID, Attributes: req.Attributes}
	if req.ValidFrom != nil {
		if req.ValidFrom.After(s.deps.Now()) {
			return CreatedRelationship{}, domain.ValidationError([]domain.FieldError{{Field: "validFrom", Message: "may not be in the future"}})
		}
		r.ValidFrom = *req.ValidFrom
	}
	r, err := r.Validate()
	if err != nil {
		return CreatedRelationship{}, err
	}
	got, cycle, err := s.deps.Assets.Relate(c.Request.Context(), r)
	setAuditTarget(c, "relationship", got.ID)
	auditNote(c, "type", r.Type)
	auditNote(c, "sourceId", r.SourceID)
	auditNote(c, "targetId", r.TargetID)
	return CreatedRelationship{Relationship: got, Cycle: cycle}, err
}

func (s *Server) endRelationship(c *gin.Context, _ none) (none, error) {
	setAuditTarget(c, "relationship", c.Param("id"))
	return none{}, s.deps.Assets.EndRelationship(c.Request.Context(), c.Param("id"))
}

func (s *Server) listAssetTypes(c *gin.Context, _ none) ([]assets.Type, error) {
	return s.deps.Assets.Types(c.Request.Context())
}

func (s *Server) getAssetType(c *gin.Context, _ none) (assets.Type, error) {
	return s.deps.Assets.Type(c.Request.Context(), c.Param("name"))
}

// assetTypeRequest defines a custom asset type.
type assetTypeRequest struct {
	Name        string         `json:"name"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Schema      map[string]any `json:"schema"`
	Identifiers []string       `json:"identifiers"`
}

func (s *Server) createAssetType(c *gin.Context, req assetTypeRequest) (assets.Type, error) {
	t := assets.Type{Name: req.Name, Title: req.Title, Description: req.Description, Schema: req.Schema, Identifiers: req.Identifiers}
	t.Normalize()
	setAuditTarget(c, "asset_type", t.Name)
	if err := t.Validate(); err != nil {
		return t, err
	}
	return s.deps.Assets.CreateType(c.Request.Context(), t)
}

// updateAssetTypeRequest changes what it names; the schema applies to
// each asset's next change, not to what is stored.
type updateAssetTypeRequest struct {
	Title       *string         `json:"title"`
	Description *string         `json:"description"`
	Schema      *map[string]any `json:"schema"`
	Identifiers *[]string       `json:"identifiers"`
}

func (s *Server) updateAssetType(c *gin.Context, req updateAssetTypeRequest) (assets.Type, error) {
	setAuditTarget(c, "asset_type", c.Param("name"))
	t, err := s.deps.Assets.Type(c.Request.Context(), c.Param("name"))
	if err != nil {
		return t, err
	}
	if req.Title != nil {
		t.Title = *req.Title
	}
	if req.Description != nil {
		t.Description = *req.Description
	}
	if req.Schema != nil {
		t.Schema = *req.Schema
	}
	if req.Identifiers != nil {
		t.Identifiers = *req.Identifiers
	}
	t.Normalize()
	if err := t.Validate(); err != nil {
		return t, err
	}
	return s.deps.Assets.UpdateType(c.Request.Context(), t)
}
