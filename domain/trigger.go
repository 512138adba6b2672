package domain

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// PlaybookTrigger names a playbook a service starts when one of its
// incidents triggers. String parameter values may hold placeholders such as
// {{incident.title}}, filled from the incident.
type PlaybookTrigger struct {
	Playbook string         `json:"playbook"`
	Params   map[string]any `json:"params"`
}

// MaxTriggers bounds the playbooks one service starts per incident.
const MaxTriggers = 10

// TriggerVariables are the placeholders a trigger's parameters may use.
var TriggerVariables = []string{
	"incident.id", "incident.title", "incident.description", "incident.severity", "incident.url",
	"service.id", "service.name",
}

// SampleTriggerVars fills every placeholder with a plausible value, to
// validate a trigger's parameters when it is saved.
func SampleTriggerVars() map[string]string {
	return map[string]string{
		"incident.id": "0190b4a2-0000-7000-8000-000000000000", "incident.title": "Checkout latency high",
		"incident.description": "p99 above 2 s", "incident.severity": "high",
		"incident.url": "https://opsmanager.example.com/incidents/0190b4a2-0000-7000-8000-000000000000",
		"service.id":   "0190b4a2-0000-7000-8000-000000000001", "service.name": "checkout",
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*([a-zA-Z0-9_.]*)\s*\}\}`)

// RenderTriggerParams returns params with every placeholder in string values
// (also inside lists) replaced from vars. An unknown placeholder is an error
// naming the parameter.
func RenderTriggerParams(params map[string]any, vars map[string]string) (map[string]any, []FieldError) {
	out := make(map[string]any, len(params))
	var bad []FieldError
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, err := renderValue(params[k], vars)
		if err != nil {
			bad = append(bad, FieldError{Field: "params." + k, Message: err.Error()})
			continue
		}
		out[k] = v
	}
	return out, bad
}

func renderValue(v any, vars map[string]string) (any, error) {
	switch t := v.(type) {
	case string:
		return renderString(t, vars)
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			r, err := renderValue(item, vars)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

func renderString(s string, vars map[string]string) (string, error) {
	var unknown string
	out := placeholder.ReplaceAllStringFunc(s, func(m string) string {
		name := placeholder.FindStringSubmatch(m)[1]
		v, ok := vars[name]
		if !ok && unknown == "" {
			unknown = name
		}
		return v
	})
	if unknown == "" && strings.Contains(placeholder.ReplaceAllString(s, ""), "{{") {
		unknown = "..."
	}
	if unknown != "" {
		return "", fmt.Errorf("unknown placeholder {{%s}}; use one of %s", unknown, strings.Join(TriggerVariables, ", "))
	}
	return out, nil
}
