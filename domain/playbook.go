package domain

import "time"

// Risk tells how dangerous a playbook is; high-risk playbooks need approval.
type Risk string

// Risk levels.
const (
	RiskLow    Risk = "low"
	RiskMedium Risk = "medium"
	RiskHigh   Risk = "high"
)

// Playbook describes a runbook: what it is, what it takes, who may run it.
type Playbook struct {
	Name             string        `json:"name"`
	Title            string        `json:"title"`
	Description      string        `json:"description"`
	Category         string        `json:"category"`
	Risk             Risk          `json:"risk"`
	RequiresApproval bool          `json:"requiresApproval"`
	Timeout          time.Duration `json:"-"`
	Permission       string        `json:"permission"`
	Params           []Param       `json:"-"`
}

// PlaybookView is the JSON shape of a playbook in the API.
type PlaybookView struct {
	Playbook
	TimeoutSeconds int            `json:"timeoutSeconds"`
	ParamsSchema   map[string]any `json:"paramsSchema"`
}

// View returns the API representation of p, with a JSON Schema of its parameters.
func (p Playbook) View() PlaybookView {
	return PlaybookView{Playbook: p, TimeoutSeconds: int(p.Timeout / time.Second), ParamsSchema: ParamsSchema(p.Params)}
}

// MaskSecrets returns a copy of params with secret values replaced.
func (p Playbook) MaskSecrets(params map[string]any) map[string]any {
	out := make(map[string]any, len(params))
	for k, v := range params {
		out[k] = v
	}
	for _, spec := range p.Params {
		if _, ok := out[spec.Name]; ok && spec.Secret {
			out[spec.Name] = "********"
		}
	}
	return out
}
