package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/domain"
)

func (s *Server) incidentAssetRoutes() []Route {
	r := domain.PermAssetsRead
	return []Route{
		{"GET", "/incidents/:id/impact", r, "incident.impact", endpoint(http.StatusOK, s.incidentImpact)},
		{"GET", "/assets/:id/incidents", r, "asset.incidents", endpoint(http.StatusOK, s.assetIncidents)},
		{"GET", "/services/:id/assets", r, "service.assets", endpoint(http.StatusOK, s.serviceAssets)},
	}
}

// checkAssetIDs names each of ids that is not an asset.
func (s *Server) checkAssetIDs(ctx context.Context, ids []string) []domain.FieldError {
	if len(ids) == 0 {
		return nil
	}
	if len(ids) > 100 {
		return []domain.FieldError{{Field: "assetIds", Message: "must name at most 100 assets"}}
	}
	var bad []domain.FieldError
	var valid []string
	for i, id := range ids {
		if !domain.IsUUID(id) {
			bad = append(bad, domain.FieldError{Field: fmt.Sprintf("assetIds[%d]", i), Message: "must be an asset id"})
			continue
		}
		valid = append(valid, id)
	}
	found, err := s.deps.Assets.GetMany(ctx, valid)
	if err != nil {
		return []domain.FieldError{{Field: "assetIds", Message: "could not be checked; try again"}}
	}
	for i, id := range ids {
		if _, ok := found[id]; !ok && domain.IsUUID(id) {
			bad = append(bad, domain.FieldError{Field: fmt.Sprintf("assetIds[%d]", i), Message: "is not an asset"})
		}
	}
	return bad
}

// IncidentImpact is an incident's blast radius: the assets it names and
// what their failure reaches.
type IncidentImpact struct {
	Assets []assets.GraphNode `json:"assets"`
	Impact Impact             `json:"impact"`
}

func (s *Server) incidentImpact(c *gin.Context, _ none) (IncidentImpact, error) {
	ctx := c.Request.Context()
	if _, err := s.deps.Incidents.Get(ctx, c.Param("id")); err != nil {
		return IncidentImpact{}, err
	}
	named, err := s.deps.Assets.IncidentAssets(ctx, c.Param("id"))
	if err != nil {
		return IncidentImpact{}, err
	}
	roots := make([]string, len(named))
	for i, n := range named {
		roots[i] = n.ID
	}
	out := IncidentImpact{Assets: named, Impact: Impact{Roots: roots, Assets: []ImpactedAsset{}, Services: []ImpactedService{}}}
	if len(roots) > 0 {
		out.Impact, err = s.impactOf(ctx, roots, 6)
	}
	return out, err
}

// assetIncidents lists the incidents that name the asset, newest first.
func (s *Server) assetIncidents(c *gin.Context, _ none) ([]domain.Incident, error) {
	ctx := c.Request.Context()
	if _, err := s.deps.Assets.Get(ctx, c.Param("id")); err != nil {
		return nil, err
	}
	ids, err := s.deps.Assets.AssetIncidentIDs(ctx, c.Param("id"), 50)
	out := []domain.Incident{}
	for _, id := range ids {
		inc, gerr := s.deps.Incidents.Get(ctx, id)
		if gerr == nil {
			out = append(out, inc)
		}
	}
	return out, err
}

// serviceAssets is what stands behind a service: the service assets that
// link to it (serviceId attribute) and what they depend on and run on.
func (s *Server) serviceAssets(c *gin.Context, _ none) (assets.Graph, error) {
	ctx := c.Request.Context()
	if _, err := s.deps.Policies.Service(ctx, c.Param("id")); err != nil {
		return assets.Graph{}, err
	}
	list, _, err := s.deps.Assets.List(ctx, assets.Filter{Types: []string{"service"}, Attributes: map[string]string{"serviceId": c.Param("id")}, Limit: 20})
	if err != nil || len(list) == 0 {
		return assets.Graph{Nodes: []assets.GraphNode{}, Edges: []assets.Relationship{}}, err
	}
	roots := make([]string, len(list))
	for i, a := range list {
		roots[i] = a.ID
	}
	return s.deps.Assets.Walk(ctx, assets.GraphQuery{Roots: roots, Depth: 4, Direction: assets.Downward,
		Types: []string{"depends_on", "runs_on"}, MaxNodes: maxGraphNodes})
}
