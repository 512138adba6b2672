// Package playbooks holds OpsManager's built-in Go playbooks.
package playbooks

import (
	"maps"
	"time"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// All returns every built-in playbook.
func All() []workflows.Definition {
	return []workflows.Definition{HTTPCheck, CollectDiagnostics, RestartService, RollingRestart, FreeDiskSpace, RunCommand}
}

// HTTPCheck requests one or more URLs and checks each answers with the
// expected status.
var HTTPCheck = workflows.Definition{
	Playbook: domain.Playbook{
		Name:        "http-check",
		Title:       "HTTP check",
		Description: "Requests one or more URLs (in parallel) and checks each answers with the expected status code, reporting latencies.",
		Category:    "diagnostics",
		Risk:        domain.RiskLow,
		Timeout:     5 * time.Minute,
		Permission:  "playbooks:run",
		Params: []domain.Param{
			{Name: "url", Type: domain.ParamURL, Help: "The http(s) URL to check (or give urls)."},
			{Name: "urls", Type: domain.ParamURLList, Max: domain.Float(50), Help: "Several URLs to check (up to 50)."},
			{Name: "method", Type: domain.ParamString, Enum: []string{"GET", "HEAD"}, Default: "GET", Help: "HTTP method."},
			{Name: "expectStatus", Type: domain.ParamInteger, Min: domain.Float(100), Max: domain.Float(599), Default: int64(200), Help: "Status code that counts as healthy."},
			{Name: "timeoutSeconds", Type: domain.ParamInteger, Min: domain.Float(1), Max: domain.Float(60), Default: int64(10), Help: "How long to wait for each answer."},
		},
	},
	Check: func(p workflows.Params) []domain.FieldError {
		if len(p.Strings("url"))+len(p.Strings("urls")) == 0 {
			return []domain.FieldError{{Field: "params.url", Message: "give url or urls"}}
		}
		return nil
	},
	Run: runHTTPCheck,
}

func runHTTPCheck(rb *workflows.Runbook, p workflows.Params) (map[string]any, error) {
	urls := append(p.Strings("url"), p.Strings("urls")...)
	results := make([]map[string]any, len(urls))
	errs := rb.Parallel(len(urls), 10, func(rb *workflows.Runbook, i int) error {
		res, err := rb.HTTP("Request "+urls[i], activities.HTTPRequestInput{
			Method:         p.String("method"),
			URL:            urls[i],
			TimeoutSeconds: int(p.Int("timeoutSeconds")),
			ExpectStatus:   []int{int(p.Int("expectStatus"))},
		}, workflows.StepOptions{MaxAttempts: 3})
		results[i] = map[string]any{"url": urls[i], "status": res.Status, "durationMs": res.DurationMs, "healthy": err == nil}
		return err
	})
	out := map[string]any{"results": results, "healthy": workflows.FirstError(errs) == nil}
	if len(urls) == 1 { // the single-URL shape callers already rely on
		maps.Copy(out, results[0])
	}
	return out, workflows.FirstError(errs)
}
