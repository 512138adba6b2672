package api

import (
	"context"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/domain"
)

// ImpactedAsset is an asset a failure reaches, how badly, and how many
// edges from the failed asset.
type ImpactedAsset struct {
	assets.GraphNode
	Status   assets.Status `json:"status" enum:"down,degraded"`
	Distance int           `json:"distance"`
}

// ImpactedService is a service asset the failure reaches, with the
// OpsManager service it stands for (its serviceId attribute), whose
// escalation policy's first level would be paged.
type ImpactedService struct {
	ImpactedAsset
	ServiceID     string            `json:"serviceId,omitempty"`
	ServiceName   string            `json:"serviceName,omitempty"`
	WouldPage     []Paged           `json:"wouldPage"`
	OpenIncidents []domain.Incident `json:"openIncidents"`
}

// Paged is one recipient the first escalation level would notify.
type Paged struct {
	Channel string `json:"channel" enum:"user,schedule,email,webhook"`
	// Target is the user's email, the address, or the masked webhook URL.
	Target string `json:"target"`
	Name   string `json:"name"`
	// Via names the schedule that puts a user on call.
	Via string `json:"via,omitempty"`
}

// Impact answers "what fails if these fail": every asset reached (the
// failed ones at distance 0), the services among them with who would be
// paged and their open incidents. Nothing is paged.
type Impact struct {
	Roots    []string          `json:"roots"`
	Depth    int               `json:"depth"`
	Down     int               `json:"down"`
	Degraded int               `json:"degraded"`
	Assets   []ImpactedAsset   `json:"assets"`
	Services []ImpactedService `json:"services"`
}

func (s *Server) assetImpact(c *gin.Context, _ none) (Impact, error) {
	var bad []domain.FieldError
	depth := intQuery(c, "depth", 6, 1, 10, &bad)
	if err := domain.ValidationError(bad); err != nil {
		return Impact{}, err
	}
	if _, err := s.deps.Assets.Get(c.Request.Context(), c.Param("id")); err != nil {
		return Impact{}, err
	}
	return s.impactOf(c.Request.Context(), []string{c.Param("id")}, depth)
}

// impactOf works out the impact of roots failing, to depth edges.
func (s *Server) impactOf(ctx context.Context, roots []string, depth int) (Impact, error) {
	out := Impact{Roots: roots, Depth: depth, Assets: []ImpactedAsset{}, Services: []ImpactedService{}}
	deps, err := s.deps.Assets.Dependencies(ctx, roots, depth)
	if err != nil {
		return out, err
	}
	affected := assets.Propagate(roots, deps)
	ids := make([]string, len(affected))
	for i, a := range affected {
		ids[i] = a.ID
	}
	nodes, err := s.deps.Assets.Nodes(ctx, ids)
	if err != nil {
		return out, err
	}
	found := make(map[string]assets.GraphNode, len(nodes))
	for _, n := range nodes {
		found[n.ID] = n
	}
	for _, a := range affected {
		node, ok := found[a.ID]
		if !ok {
			continue
		}
		ia := ImpactedAsset{GraphNode: node, Status: a.Status, Distance: a.Distance}
		out.Assets = append(out.Assets, ia)
		if a.Status == assets.Down {
			out.Down++
		} else {
			out.Degraded++
		}
		if node.Type == "service" {
			svc, err := s.impactedService(ctx, ia)
			if err != nil {
				return out, err
			}
			out.Services = append(out.Services, svc)
		}
	}
	return out, nil
}

// impactedService adds what the linked OpsManager service would do.
func (s *Server) impactedService(ctx context.Context, ia ImpactedAsset) (ImpactedService, error) {
	out := ImpactedService{ImpactedAsset: ia, WouldPage: []Paged{}, OpenIncidents: []domain.Incident{}}
	asset, err := s.deps.Assets.Get(ctx, ia.ID)
	if err != nil {
		return out, err
	}
	id, _ := asset.Attributes["serviceId"].(string)
	if id == "" {
		return out, nil
	}
	svc, err := s.deps.Policies.Service(ctx, id)
	if domain.ErrorCode(err) == domain.ENotFound {
		return out, nil
	}
	if err != nil {
		return out, err
	}
	out.ServiceID, out.ServiceName = svc.ID, svc.Name
	open := []domain.IncidentStatus{domain.StatusTriggered, domain.StatusAcknowledged, domain.StatusInvestigating}
	incidents, _, err := s.deps.Incidents.List(ctx, domain.IncidentFilter{ServiceID: svc.ID, Status: open, Page: 1, Limit: 20, Sort: "created_at", Desc: true})
	if err != nil {
		return out, err
	}
	out.OpenIncidents = incidents
	out.WouldPage, err = s.firstLevel(ctx, svc.EscalationPolicyID)
	return out, err
}

// firstLevel lists who the policy's first level would notify now.
func (s *Server) firstLevel(ctx context.Context, policyID string) ([]Paged, error) {
	out := []Paged{}
	p, err := s.deps.Policies.EscalationPolicy(ctx, policyID)
	if err != nil || len(p.Levels) == 0 {
		return out, err
	}
	for _, t := range p.Levels[0].Targets {
		switch t.Type {
		case domain.TargetEmail:
			out = append(out, Paged{Channel: t.Type, Target: t.Address, Name: t.Address})
		case domain.TargetWebhook:
			out = append(out, Paged{Channel: t.Type, Target: domain.MaskURL(t.URL), Name: "webhook"})
		case domain.TargetUser:
			u, err := s.id.Users.Get(ctx, t.ID)
			if err == nil {
				out = append(out, Paged{Channel: t.Type, Target: u.Email, Name: u.DisplayName})
			}
		case domain.TargetSchedule:
			oc, err := s.deps.Schedules.OnCall(ctx, t.ID, s.deps.Now())
			if err != nil {
				continue
			}
			for _, u := range oc.Users {
				out = append(out, Paged{Channel: t.Type, Target: u.Email, Name: u.DisplayName, Via: t.ID})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Channel < out[j].Channel })
	return out, nil
}
