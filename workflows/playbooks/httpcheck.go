// Package playbooks holds OpsManager's built-in Go playbooks.
package playbooks

import (
	"time"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// All returns every built-in playbook.
func All() []workflows.Definition {
	return []workflows.Definition{HTTPCheck}
}

// HTTPCheck requests a URL and checks that it answers with the expected status.
var HTTPCheck = workflows.Definition{
	Playbook: domain.Playbook{
		Name:        "http-check",
		Title:       "HTTP check",
		Description: "Requests a URL and checks that it answers with the expected status code, reporting the latency.",
		Category:    "diagnostics",
		Risk:        domain.RiskLow,
		Timeout:     2 * time.Minute,
		Permission:  "playbooks:run",
		Params: []domain.Param{
			{Name: "url", Type: domain.ParamURL, Required: true, Help: "The http(s) URL to check."},
			{Name: "method", Type: domain.ParamString, Enum: []string{"GET", "HEAD"}, Default: "GET", Help: "HTTP method."},
			{Name: "expectStatus", Type: domain.ParamInteger, Min: domain.Float(100), Max: domain.Float(599), Default: int64(200), Help: "Status code that counts as healthy."},
			{Name: "timeoutSeconds", Type: domain.ParamInteger, Min: domain.Float(1), Max: domain.Float(60), Default: int64(10), Help: "How long to wait for an answer."},
		},
	},
	Run: runHTTPCheck,
}

func runHTTPCheck(rb *workflows.Runbook, p workflows.Params) (map[string]any, error) {
	res, err := rb.HTTP("Request "+p.String("url"), activities.HTTPRequestInput{
		Method:         p.String("method"),
		URL:            p.String("url"),
		TimeoutSeconds: int(p.Int("timeoutSeconds")),
		ExpectStatus:   []int{int(p.Int("expectStatus"))},
	}, workflows.StepOptions{MaxAttempts: 3})
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"url":        p.String("url"),
		"status":     res.Status,
		"durationMs": res.DurationMs,
		"healthy":    true,
	}, nil
}
