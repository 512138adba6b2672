package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/launch"
)

// alertRequest is a generic alert from a monitoring system.
type alertRequest struct {
	ServiceID string          `json:"serviceId"`
	Source    string          `json:"source" validate:"required,max=100"`
	DedupKey  string          `json:"dedupKey" validate:"required,max=255"`
	Severity  domain.Severity `json:"severity"`
	Summary   string          `json:"summary" validate:"required,max=200"`
	Details   json.RawMessage `json:"details"`
	Status    string          `json:"status" validate:"required,oneof=firing resolved"`
	// AssetIDs name the assets the alert is about; unknown ones are skipped.
	AssetIDs []string `json:"assetIds"`
	// labels are an Alertmanager alert's, matched to assets by ALERT_ASSET_RULE.
	labels map[string]string
}

// AlertResult says what an alert did: created, attached, resolved, ignored.
type AlertResult struct {
	Action   string           `json:"action"`
	Incident *domain.Incident `json:"incident,omitempty"`
}

func (alertRequest) foreignBody() {}

func (s *Server) receiveAlert(c *gin.Context, req alertRequest) (AlertResult, error) {
	if req.Severity == "" {
		req.Severity = domain.SeverityHigh
	}
	if !req.Severity.Valid() {
		return AlertResult{}, domain.ValidationError([]domain.FieldError{{Field: "severity", Message: "must be critical, high, medium or low"}})
	}
	if len(req.Details) > 16<<10 {
		return AlertResult{}, domain.ValidationError([]domain.FieldError{{Field: "details", Message: "must be at most 16 KiB"}})
	}
	res, err := s.processAlert(c.Request.Context(), req)
	if err != nil {
		return res, err
	}
	if res.Incident != nil {
		setAuditTarget(c, "incident", res.Incident.ID)
	}
	s.announceAlert(c.Request.Context(), res)
	auditNote(c, "action", res.Action)
	return res, nil
}

// httpStatus: 201 when the alert opened an incident, 202 otherwise.
func (r AlertResult) httpStatus() int {
	if r.Action == "created" {
		return http.StatusCreated
	}
	return http.StatusAccepted
}

func (AlertResult) httpStatuses() []int { return []int{http.StatusCreated, http.StatusAccepted} }

// processAlert opens, attaches to or resolves an incident by dedup key.
func (s *Server) processAlert(ctx context.Context, a alertRequest) (AlertResult, error) {
	source := "alert:" + a.Source
	if a.Status == "resolved" {
		return s.resolveByAlert(ctx, a, source)
	}
	desc := ""
	if len(a.Details) > 0 && string(a.Details) != "null" {
		desc = string(a.Details)
	}
	inc, created, err := s.launch.Incident(ctx, launch.NewIncident{ServiceID: a.ServiceID, Title: a.Summary, Description: desc,
		Severity: a.Severity, DedupKey: a.DedupKey, Source: source})
	if err != nil {
		return AlertResult{}, err
	}
	if err := s.linkAlertAssets(ctx, inc.ID, a); err != nil {
		return AlertResult{}, err
	}
	action := "attached"
	if created {
		action = "created"
	}
	return AlertResult{Action: action, Incident: &inc}, nil
}

// linkAlertAssets links the incident to the assets the alert names, or
// that its labels match.
func (s *Server) linkAlertAssets(ctx context.Context, incidentID string, a alertRequest) error {
	ids := a.AssetIDs
	if len(ids) == 0 && len(a.labels) > 0 && len(s.deps.AlertAssetRule) > 0 {
		var err error
		if ids, err = s.deps.Assets.MatchLabels(ctx, s.deps.AlertAssetRule, a.labels); err != nil {
			return err
		}
	}
	valid := ids[:0:0]
	for _, id := range ids {
		if domain.IsUUID(id) {
			valid = append(valid, id)
		}
	}
	return s.deps.Assets.LinkIncident(ctx, incidentID, valid, "alert")
}

func (s *Server) resolveByAlert(ctx context.Context, a alertRequest, source string) (AlertResult, error) {
	svc, err := s.deps.Policies.Service(ctx, a.ServiceID)
	if err != nil {
		return AlertResult{}, domain.ValidationError([]domain.FieldError{{Field: "serviceId", Message: "is not an existing service"}})
	}
	inc, ok, err := s.deps.Incidents.FindOpen(ctx, svc.ID, a.DedupKey)
	if err != nil || !ok {
		return AlertResult{Action: "ignored"}, err
	}
	if !svc.AutoResolve {
		return AlertResult{Action: "attached", Incident: &inc}, s.launch.AttachAlert(ctx, inc, source, "resolved: "+a.Summary)
	}
	err = s.updateIncident(ctx, inc, contract.ActionRequest{Action: domain.ActionResolve, Actor: source, Note: "resolved by its alert"})
	if err != nil {
		return AlertResult{}, err
	}
	inc, err = s.deps.Incidents.Get(ctx, inc.ID)
	return AlertResult{Action: "resolved", Incident: &inc}, err
}

// alertmanagerPayload is Prometheus Alertmanager's webhook body (version 4).
type alertmanagerPayload struct {
	Version string              `json:"version"`
	Status  string              `json:"status"`
	Alerts  []alertmanagerAlert `json:"alerts" validate:"required,min=1,max=1000,dive"`
	// Other fields (groupKey, receiver, groupLabels, externalURL...) are accepted and ignored.
	GroupKey          string            `json:"groupKey"`
	Receiver          string            `json:"receiver"`
	GroupLabels       map[string]string `json:"groupLabels"`
	CommonLabels      map[string]string `json:"commonLabels"`
	CommonAnnotations map[string]string `json:"commonAnnotations"`
	ExternalURL       string            `json:"externalURL"`
	TruncatedAlerts   int               `json:"truncatedAlerts"`
}

// alertmanagerAlert is one alert of the webhook body. Its identity (the
// incident's dedup key) is its fingerprint, or else its labels, so an alert
// with neither is rejected rather than merged with every other such alert.
type alertmanagerAlert struct {
	Status       string            `json:"status"`
	Labels       map[string]string `json:"labels" validate:"required_without=Fingerprint"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     string            `json:"startsAt"`
	EndsAt       string            `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
	Fingerprint  string            `json:"fingerprint" validate:"max=255"`
}

// receiveAlertmanager maps each Alertmanager alert to a generic alert for
// the service named by ?serviceId=.
func (s *Server) receiveAlertmanager(c *gin.Context, p alertmanagerPayload) ([]AlertResult, error) {
	serviceID := c.Query("serviceId")
	if !isUUID(serviceID) {
		return nil, domain.ValidationError([]domain.FieldError{{Field: "serviceId", Message: "add ?serviceId=<service UUID> to the webhook URL"}})
	}
	results := make([]AlertResult, 0, len(p.Alerts))
	for _, am := range p.Alerts {
		res, err := s.processAlert(c.Request.Context(), fromAlertmanager(serviceID, am))
		if err != nil {
			return nil, err
		}
		results = append(results, res)
		s.announceAlert(c.Request.Context(), res)
	}
	auditNote(c, "alerts", len(results))
	return results, nil
}

func (alertmanagerPayload) foreignBody() {}

func fromAlertmanager(serviceID string, am alertmanagerAlert) alertRequest {
	summary := firstNonEmpty(am.Annotations["summary"], am.Annotations["description"], am.Labels["alertname"], "Alertmanager alert")
	if r := []rune(summary); len(r) > 200 {
		summary = string(r[:200])
	}
	details, _ := json.Marshal(map[string]any{"labels": am.Labels, "annotations": am.Annotations,
		"startsAt": am.StartsAt, "generatorURL": am.GeneratorURL})
	status := "firing"
	if am.Status == "resolved" {
		status = "resolved"
	}
	key := am.Fingerprint
	if key == "" {
		key = labelsKey(am.Labels)
	}
	return alertRequest{ServiceID: serviceID, Source: "alertmanager", DedupKey: key, Severity: alertmanagerSeverity(am.Labels["severity"]),
		Summary: summary, Details: details, Status: status, labels: am.Labels}
}

func alertmanagerSeverity(s string) domain.Severity {
	switch strings.ToLower(s) {
	case "critical", "page", "p1":
		return domain.SeverityCritical
	case "warning", "warn", "p3":
		return domain.SeverityMedium
	case "info", "low", "none", "p4", "p5":
		return domain.SeverityLow
	}
	return domain.SeverityHigh
}

// labelsKey is a stable hash of an alert's labels, Alertmanager's identity.
func labelsKey(labels map[string]string) string {
	h := sha256.New()
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		h.Write([]byte(k + "\x00" + labels[k] + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
