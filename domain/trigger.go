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
	// SavedBy is the email of the user who saved the trigger (for an API
	// token, its creator). The runs it starts act on their behalf, so they
	// cannot approve them. Set by the server; empty on triggers saved
	// before it was recorded.
	SavedBy string `json:"savedBy,omitempty"`
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
// (also inside lists) replaced from vars. Substituted values are data: a
// parameter of kind argv takes no placeholder, and in a shell parameter
// each value is single-quoted and may stand only where the shell reads an
// unquoted word. An unknown or misplaced placeholder is an error naming
// the parameter.
func RenderTriggerParams(specs []Param, params map[string]any, vars map[string]string) (map[string]any, []FieldError) {
	kinds := make(map[string]ParamKind, len(specs))
	for _, p := range specs {
		kinds[p.Name] = p.Kind
	}
	out := make(map[string]any, len(params))
	var bad []FieldError
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, err := renderValue(params[k], vars, kinds[k])
		if err != nil {
			bad = append(bad, FieldError{Field: "params." + k, Message: err.Error()})
			continue
		}
		out[k] = v
	}
	return out, bad
}

func renderValue(v any, vars map[string]string, kind ParamKind) (any, error) {
	switch t := v.(type) {
	case string:
		return renderString(t, vars, kind)
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			r, err := renderValue(item, vars, kind)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

func renderString(s string, vars map[string]string, kind ParamKind) (string, error) {
	if kind == KindArgv && strings.Contains(s, "{{") {
		return "", fmt.Errorf("takes no placeholders: it is a program and its arguments, which incident data must not choose")
	}
	var unknown, misplaced string
	matches := placeholder.FindAllStringSubmatchIndex(s, -1)
	var b strings.Builder
	last := 0
	for _, m := range matches {
		name := s[m[2]:m[3]]
		v, ok := vars[name]
		if !ok && unknown == "" {
			unknown = name
		}
		if kind == KindShell {
			if reason := shellWordContext(s, m[0]); reason != "" && misplaced == "" {
				misplaced = reason
			}
			v = ShellQuote(v)
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(v)
		last = m[1]
	}
	b.WriteString(s[last:])
	if unknown == "" && strings.Contains(placeholder.ReplaceAllString(s, ""), "{{") {
		unknown = "..."
	}
	switch {
	case unknown != "":
		return "", fmt.Errorf("unknown placeholder {{%s}}; use one of %s", unknown, strings.Join(TriggerVariables, ", "))
	case misplaced != "":
		return "", fmt.Errorf("has a placeholder %s; in a shell command line a placeholder must stand outside quotes, "+
			"where the shell reads a plain word (its value is quoted for you)", misplaced)
	}
	return b.String(), nil
}
