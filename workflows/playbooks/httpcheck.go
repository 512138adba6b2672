// Package playbooks holds OpsManager's built-in Go playbooks.
package playbooks

import (
	"maps"
	"time"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// All returns every built-in playbook.
func All() []workflows.Definition {
	return []workflows.Definition{HTTPCheck, CollectDiagnostics, RestartService, RollingRestart, FreeDiskSpace, RunCommand, CollectFacts}
}

// HTTPCheck requests one or more URLs and checks each answers with the
// expected status.
var HTTPCheck = workflows.Define(workflows.Typed[httpCheckParams, map[string]any]{
	Playbook: domain.Playbook{
		Name:        "http-check",
		Title:       "HTTP check",
		Description: "Requests one or more URLs (in parallel) and checks each answers with the expected status code, reporting latencies.",
		Category:    "diagnostics",
		Risk:        domain.RiskLow,
		Timeout:     5 * time.Minute,
		Permission:  "playbooks:run",
	},
	Check: func(p httpCheckParams) []domain.FieldError {
		if len(p.targets()) == 0 {
			return []domain.FieldError{{Field: "params.url", Message: "give url or urls"}}
		}
		return nil
	},
	Run: runHTTPCheck,
})

type httpCheckParams struct {
	URL            string   `json:"url" type:"url" help:"The http(s) URL to check (or give urls)."`
	URLs           []string `json:"urls" type:"url" max:"50" help:"Several URLs to check (up to 50)."`
	Method         string   `json:"method" enum:"GET,HEAD" default:"GET" help:"HTTP method."`
	ExpectStatus   int      `json:"expectStatus" min:"100" max:"599" default:"200" help:"Status code that counts as healthy."`
	TimeoutSeconds int      `json:"timeoutSeconds" min:"1" max:"60" default:"10" help:"How long to wait for each answer."`
}

// targets is url, then urls.
func (p httpCheckParams) targets() []string {
	if p.URL == "" {
		return p.URLs
	}
	return append([]string{p.URL}, p.URLs...)
}

func runHTTPCheck(rb *workflows.Runbook, p httpCheckParams) (map[string]any, error) {
	urls := p.targets()
	results := make([]map[string]any, len(urls))
	errs := rb.Parallel(len(urls), 10, func(rb *workflows.Runbook, i int) error {
		res, err := rb.HTTP("Request "+urls[i], contract.HTTPRequestInput{
			Method:         p.Method,
			URL:            urls[i],
			TimeoutSeconds: p.TimeoutSeconds,
			ExpectStatus:   []int{p.ExpectStatus},
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
