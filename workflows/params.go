package workflows

import (
	"encoding/json"
	"fmt"
)

// Params are a run's validated parameters, as the playbook receives them.
type Params map[string]any

// String returns the string parameter name, or "".
func (p Params) String(name string) string {
	if s, ok := p[name].(string); ok {
		return s
	}
	return ""
}

// Int returns the integer parameter name, or 0. Numbers arrive as float64
// after a JSON round trip through workflow history.
func (p Params) Int(name string) int64 {
	switch v := p[name].(type) {
	case float64:
		return int64(v)
	case int64:
		return v
	case int:
		return int64(v)
	case json.Number:
		n, _ := v.Int64()
		return n
	}
	return 0
}

// Bool returns the boolean parameter name, or false.
func (p Params) Bool(name string) bool {
	b, _ := p[name].(bool)
	return b
}

// Describe renders a parameter for step names.
func (p Params) Describe(name string) string {
	return fmt.Sprint(p[name])
}

// Strings returns the list parameter name (or a one-item list for a plain
// string parameter), or nil.
func (p Params) Strings(name string) []string {
	switch v := p[name].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, item := range v {
			if s, ok := item.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case string:
		if v != "" {
			return []string{v}
		}
	}
	return nil
}
