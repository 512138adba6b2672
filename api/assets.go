package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/domain"
)

// AssetStore is the inventory (store.Assets).
type AssetStore interface {
	Create(ctx context.Context, a assets.Asset) (assets.Asset, error)
	Get(ctx context.Context, id string) (assets.Asset, error)
	GetMany(ctx context.Context, ids []string) (map[string]assets.Asset, error)
	Nodes(ctx context.Context, ids []string) ([]assets.GraphNode, error)
	Update(ctx context.Context, a assets.Asset) (assets.Asset, error)
	Delete(ctx context.Context, id string, cascade bool) error
	List(ctx context.Context, f assets.Filter) ([]assets.Asset, string, error)
	History(ctx context.Context, assetID string, before int64, limit int) ([]assets.Change, error)
	Types(ctx context.Context) ([]assets.Type, error)
	Type(ctx context.Context, name string) (assets.Type, error)
	CreateType(ctx context.Context, t assets.Type) (assets.Type, error)
	UpdateType(ctx context.Context, t assets.Type) (assets.Type, error)
	Relate(ctx context.Context, r assets.Relationship) (assets.Relationship, []string, error)
	Relationship(ctx context.Context, id string) (assets.Relationship, error)
	EndRelationship(ctx context.Context, id string) error
	Walk(ctx context.Context, q assets.GraphQuery) (assets.Graph, error)
	Dependencies(ctx context.Context, roots []string, depth int) ([]assets.Dependency, error)
	LinkIncident(ctx context.Context, incidentID string, assetIDs []string, source string) error
	IncidentAssets(ctx context.Context, incidentID string) ([]assets.GraphNode, error)
	AssetIncidentIDs(ctx context.Context, assetID string, limit int) ([]string, error)
	MatchLabels(ctx context.Context, rule assets.LabelRule, labels map[string]string) ([]string, error)
}

func (s *Server) assetRoutes() []Route {
	r, w, admin := domain.PermAssetsRead, domain.PermAssetsWrite, domain.PermAssetsAdmin
	return []Route{
		{"GET", "/assets", r, "asset.list", endpoint(http.StatusOK, s.listAssets)},
		{"POST", "/assets", w, "asset.create", endpoint(http.StatusCreated, s.createAsset)},
		{"GET", "/assets/:id", r, "asset.get", endpoint(http.StatusOK, s.getAsset)},
		{"PATCH", "/assets/:id", w, "asset.update", endpoint(http.StatusOK, s.updateAsset)},
		{"DELETE", "/assets/:id", w, "asset.delete", endpoint(http.StatusNoContent, s.deleteAsset)},
		{"GET", "/assets/:id/history", r, "asset.history", endpoint(http.StatusOK, s.assetHistory)},
		{"GET", "/assets/:id/relationships", r, "asset.relationships", endpoint(http.StatusOK, s.assetRelationships)},
		{"GET", "/assets/:id/graph", r, "asset.graph", endpoint(http.StatusOK, s.assetGraph)},
		{"GET", "/assets/:id/impact", r, "asset.impact", endpoint(http.StatusOK, s.assetImpact)},
		{"GET", "/asset-types", r, "asset_type.list", endpoint(http.StatusOK, s.listAssetTypes)},
		{"POST", "/asset-types", admin, "asset_type.create", endpoint(http.StatusCreated, s.createAssetType)},
		{"GET", "/asset-types/:name", r, "asset_type.get", endpoint(http.StatusOK, s.getAssetType)},
		{"PATCH", "/asset-types/:name", admin, "asset_type.update", endpoint(http.StatusOK, s.updateAssetType)},
		{"GET", "/relationship-types", r, "relationship_type.list", endpoint(http.StatusOK, s.listRelationshipTypes)},
		{"POST", "/relationships", w, "relationship.create", endpoint(http.StatusCreated, s.createRelationship)},
		{"DELETE", "/relationships/:id", w, "relationship.end", endpoint(http.StatusNoContent, s.endRelationship)},
	}
}

// assetFields are the fields of an asset a client sets.
type assetFields struct {
	Type        string           `json:"type"`
	Name        string           `json:"name"`
	ExternalKey string           `json:"externalKey"`
	Attributes  map[string]any   `json:"attributes"`
	Tags        []string         `json:"tags"`
	OwnerTeam   string           `json:"ownerTeam"`
	Environment string           `json:"environment"`
	Lifecycle   assets.Lifecycle `json:"lifecycle" enum:"planned,active,maintenance,retired"`
}

func (s *Server) createAsset(c *gin.Context, req assetFields) (assets.Asset, error) {
	a := assets.Asset{Type: req.Type, Name: req.Name, ExternalKey: req.ExternalKey, Attributes: req.Attributes,
		Tags: req.Tags, OwnerTeam: req.OwnerTeam, Environment: req.Environment, Lifecycle: req.Lifecycle}
	if err := s.validAsset(c.Request.Context(), &a); err != nil {
		return a, err
	}
	a, err := s.deps.Assets.Create(c.Request.Context(), a)
	setAuditTarget(c, "asset", a.ID)
	auditNote(c, "name", a.Name)
	auditNote(c, "type", a.Type)
	return a, err
}

// validAsset normalizes a and checks it against its type's schema.
func (s *Server) validAsset(ctx context.Context, a *assets.Asset) error {
	a.Normalize()
	t, err := s.deps.Assets.Type(ctx, a.Type)
	if domain.ErrorCode(err) == domain.ENotFound {
		return domain.ValidationError([]domain.FieldError{{Field: "type", Message: "is not an asset type (GET /asset-types lists them)"}})
	}
	if err != nil {
		return err
	}
	return a.Validate(t)
}

// updateAssetRequest changes the fields it names; attributes, when given,
// replace the whole object (read, change, write back).
type updateAssetRequest struct {
	Name        *string           `json:"name"`
	ExternalKey *string           `json:"externalKey"`
	Attributes  *map[string]any   `json:"attributes"`
	Tags        *[]string         `json:"tags"`
	OwnerTeam   *string           `json:"ownerTeam"`
	Environment *string           `json:"environment"`
	Lifecycle   *assets.Lifecycle `json:"lifecycle" enum:"planned,active,maintenance,retired"`
}

func (req updateAssetRequest) apply(a *assets.Asset) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&a.Name, req.Name)
	set(&a.ExternalKey, req.ExternalKey)
	set(&a.OwnerTeam, req.OwnerTeam)
	set(&a.Environment, req.Environment)
	if req.Attributes != nil {
		a.Attributes = *req.Attributes
	}
	if req.Tags != nil {
		a.Tags = *req.Tags
	}
	if req.Lifecycle != nil {
		a.Lifecycle = *req.Lifecycle
	}
}

func (s *Server) updateAsset(c *gin.Context, req updateAssetRequest) (assets.Asset, error) {
	setAuditTarget(c, "asset", c.Param("id"))
	a, err := s.deps.Assets.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		return a, err
	}
	req.apply(&a)
	if err := s.validAsset(c.Request.Context(), &a); err != nil {
		return a, err
	}
	return s.deps.Assets.Update(c.Request.Context(), a)
}

func (s *Server) getAsset(c *gin.Context, _ none) (assets.Asset, error) {
	return s.deps.Assets.Get(c.Request.Context(), c.Param("id"))
}

// deleteAsset removes an asset; one with relationships needs ?cascade=true
// (and assets:admin), which removes them too.
func (s *Server) deleteAsset(c *gin.Context, _ none) (none, error) {
	setAuditTarget(c, "asset", c.Param("id"))
	cascade := c.Query("cascade") == "true"
	if cascade {
		if p := principal(c); p == nil || !p.Can(domain.PermAssetsAdmin) {
			return none{}, domain.Errorf(domain.EForbidden, "deleting an asset with its relationships needs the %s permission", domain.PermAssetsAdmin)
		}
		auditNote(c, "cascade", true)
	}
	return none{}, s.deps.Assets.Delete(c.Request.Context(), c.Param("id"), cascade)
}

func (s *Server) listAssets(c *gin.Context, _ none) (paged[assets.Asset, CursorPagination], error) {
	var bad []domain.FieldError
	f := assets.Filter{
		Types: splitAll(c.QueryArray("type")), Tags: domain.NormalizeTags(splitAll(c.QueryArray("tag"))),
		Environment: strings.ToLower(strings.TrimSpace(c.Query("environment"))), OwnerTeam: strings.TrimSpace(c.Query("ownerTeam")),
		Lifecycle: assets.Lifecycle(c.Query("lifecycle")), Query: c.Query("q"), After: c.Query("cursor"),
		Limit: intQuery(c, "limit", 50, 1, 500, &bad), Attributes: map[string]string{},
	}
	if f.Lifecycle != "" && !f.Lifecycle.Valid() {
		bad = append(bad, domain.FieldError{Field: "lifecycle", Message: "must be planned, active, maintenance or retired"})
	}
	for key, values := range c.Request.URL.Query() {
		path, ok := strings.CutPrefix(key, "attr.")
		if !ok {
			continue
		}
		if !validAttrPath(path) || len(values) != 1 {
			bad = append(bad, domain.FieldError{Field: key, Message: "must be attr.<name>[.<name>...]=value, once"})
			continue
		}
		f.Attributes[path] = values[0]
	}
	if err := domain.ValidationError(bad); err != nil {
		return paged[assets.Asset, CursorPagination]{}, err
	}
	list, next, err := s.deps.Assets.List(c.Request.Context(), f)
	return pageOf(list, CursorPagination{Limit: f.Limit, NextCursor: next}), err
}

// validAttrPath accepts dotted attribute names of letters, digits, _ and -.
func validAttrPath(path string) bool {
	for _, part := range strings.Split(path, ".") {
		if part == "" || len(part) > 64 || strings.IndexFunc(part, func(r rune) bool {
			return !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		}) >= 0 {
			return false
		}
	}
	return true
}

// splitAll reads repeated and comma-separated query values.
func splitAll(params []string) []string {
	var out []string
	for _, p := range params {
		out = append(out, splitList(p)...)
	}
	return out
}

func (s *Server) assetHistory(c *gin.Context, _ none) (paged[assets.Change, LogCursor], error) {
	var bad []domain.FieldError
	limit := intQuery(c, "limit", 50, 1, 200, &bad)
	before := int64(intQuery(c, "before", 0, 0, 1<<62, &bad))
	if err := domain.ValidationError(bad); err != nil {
		return paged[assets.Change, LogCursor]{}, err
	}
	// A deleted asset's history stays readable; an asset that never was has none.
	_, gone := s.deps.Assets.Get(c.Request.Context(), c.Param("id"))
	if gone != nil && domain.ErrorCode(gone) != domain.ENotFound {
		return paged[assets.Change, LogCursor]{}, gone
	}
	changes, err := s.deps.Assets.History(c.Request.Context(), c.Param("id"), before, limit)
	if err == nil && gone != nil && len(changes) == 0 && before == 0 {
		return paged[assets.Change, LogCursor]{}, gone
	}
	next := ""
	if len(changes) == limit {
		next = strconv.FormatInt(changes[len(changes)-1].ID, 10)
	}
	return pageOf(changes, LogCursor{Next: next}), err
}
