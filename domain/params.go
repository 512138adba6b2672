package domain

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// ParamType is the type of a playbook parameter.
type ParamType string

// Parameter types.
const (
	ParamString  ParamType = "string"
	ParamInteger ParamType = "integer"
	ParamNumber  ParamType = "number"
	ParamBoolean ParamType = "boolean"
	ParamURL     ParamType = "url"
	// ParamStringList and ParamURLList are JSON arrays (Min/Max bound the count).
	ParamStringList ParamType = "string_list"
	ParamURLList    ParamType = "url_list"
)

// Param declares one playbook parameter and its validation rules.
type Param struct {
	Name     string
	Type     ParamType
	Required bool
	Default  any
	Enum     []string
	Min      *float64
	Max      *float64
	Pattern  string // anchored regular expression for string values
	Secret   bool
	Help     string
	// Kind says how the value is used; it decides what a trigger's
	// placeholder may do in it (RenderTriggerParams).
	Kind ParamKind
}

// ParamKind says how a playbook uses a string parameter's value.
type ParamKind string

// Parameter kinds.
const (
	// KindData: the value is data (the default).
	KindData ParamKind = ""
	// KindArgv: the items are a program and its arguments. A placeholder
	// could choose the program (or make it `sh -c`), so none is allowed.
	KindArgv ParamKind = "argv"
	// KindShell: each item is a shell command line. Substituted values are
	// single-quoted, and a placeholder may stand only where the shell reads
	// an unquoted word.
	KindShell ParamKind = "shell"
)

// Float returns a pointer to f, for Param.Min and Param.Max.
func Float(f float64) *float64 { return &f }

const maxStringParam = 4096 // bytes

// maxSafeInteger is the largest integer JSON clients (JavaScript) and
// float64 represent exactly: 2^53-1.
const maxSafeInteger = 1<<53 - 1

// ValidateParams checks raw against specs and returns the typed values with
// defaults applied. Unknown parameters are rejected. Every bad field is named.
func ValidateParams(specs []Param, raw map[string]any) (map[string]any, error) {
	out := map[string]any{}
	var bad []FieldError
	known := map[string]bool{}
	for _, spec := range specs {
		known[spec.Name] = true
		v, present := raw[spec.Name]
		if !present || v == nil {
			if spec.Required {
				bad = append(bad, FieldError{"params." + spec.Name, "is required"})
			} else if spec.Default != nil {
				out[spec.Name] = spec.Default
			}
			continue
		}
		val, msg := spec.check(v)
		if msg != "" {
			bad = append(bad, FieldError{"params." + spec.Name, msg})
			continue
		}
		out[spec.Name] = val
	}
	var unknown []string
	for name := range raw {
		if !known[name] {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		bad = append(bad, FieldError{"params." + name, "is not a parameter of this playbook"})
	}
	if err := ValidationError(bad); err != nil {
		return nil, err
	}
	return out, nil
}

func (p Param) check(v any) (any, string) {
	switch p.Type {
	case ParamString, ParamURL:
		s, ok := v.(string)
		if !ok {
			return nil, "must be a string"
		}
		return p.checkString(s)
	case ParamInteger, ParamNumber:
		n, ok := toFloat(v)
		if !ok {
			return nil, "must be a number"
		}
		if p.Type == ParamInteger && n != math.Trunc(n) {
			return nil, "must be a whole number"
		}
		if p.Type == ParamInteger && math.Abs(n) > maxSafeInteger {
			return nil, "must be between -9007199254740991 and 9007199254740991"
		}
		if p.Type == ParamInteger {
			if num, isNum := v.(json.Number); isNum {
				if i, err := num.Int64(); err == nil && (i > maxSafeInteger || i < -maxSafeInteger) {
					return nil, "must be between -9007199254740991 and 9007199254740991"
				}
			}
		}
		if p.Min != nil && n < *p.Min {
			return nil, fmt.Sprintf("must be at least %g", *p.Min)
		}
		if p.Max != nil && n > *p.Max {
			return nil, fmt.Sprintf("must be at most %g", *p.Max)
		}
		if p.Type == ParamInteger {
			return int64(n), ""
		}
		return n, ""
	case ParamStringList, ParamURLList:
		return p.checkList(v)
	case ParamBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, "must be true or false"
		}
		return b, ""
	}
	return nil, "has an unsupported type"
}

func (p Param) checkString(s string) (any, string) {
	if p.Required && strings.TrimSpace(s) == "" {
		return nil, "is required"
	}
	if len(s) > maxStringParam {
		return nil, fmt.Sprintf("must be at most %d characters", maxStringParam)
	}
	chars := float64(utf8.RuneCountInString(s)) // JSON Schema counts characters, not bytes
	if p.Min != nil && chars < *p.Min {
		return nil, fmt.Sprintf("must be at least %g characters", *p.Min)
	}
	if p.Max != nil && chars > *p.Max {
		return nil, fmt.Sprintf("must be at most %g characters", *p.Max)
	}
	if len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
		return nil, "must be one of " + strings.Join(p.Enum, ", ")
	}
	if p.Pattern != "" && !regexp.MustCompile("^(?:"+p.Pattern+")$").MatchString(s) {
		return nil, "does not match the pattern " + p.Pattern
	}
	if p.Type == ParamURL {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, "must be an absolute http or https URL"
		}
	}
	return s, ""
}

func (p Param) checkList(v any) (any, string) {
	items, ok := v.([]any)
	if !ok {
		return nil, "must be a list"
	}
	lo, hi := 1.0, 100.0
	if p.Min != nil {
		lo = *p.Min
	}
	if p.Max != nil {
		hi = *p.Max
	}
	if n := float64(len(items)); n < lo || n > hi {
		return nil, fmt.Sprintf("must have %g to %g items", lo, hi)
	}
	item := Param{Name: p.Name, Type: ParamString, Required: true, Pattern: p.Pattern, Enum: p.Enum}
	if p.Type == ParamURLList {
		item.Type = ParamURL
	}
	out := make([]string, 0, len(items))
	for i, raw := range items {
		s, ok := raw.(string)
		if !ok {
			return nil, fmt.Sprintf("item %d must be a string", i+1)
		}
		if _, msg := item.checkString(s); msg != "" {
			return nil, fmt.Sprintf("item %d %s", i+1, msg)
		}
		out = append(out, s)
	}
	return out, ""
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// ParamsSchema renders specs as a JSON Schema (draft 2020-12) object, so
// clients can build a form and validate it with the same rules as the server.
func ParamsSchema(specs []Param) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, p := range specs {
		props[p.Name] = p.schema()
		if p.Required {
			required = append(required, p.Name)
		}
	}
	return map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"type":                 "object",
		"properties":           props,
		"required":             required,
		"additionalProperties": false,
	}
}

func (p Param) schema() map[string]any {
	s := map[string]any{"description": p.Help}
	minKey, maxKey := "minimum", "maximum"
	switch p.Type {
	case ParamStringList, ParamURLList:
		s["type"], s["items"] = "array", p.itemSchema()
		minKey, maxKey = "minItems", "maxItems"
	case ParamURL:
		s["type"], s["format"] = "string", "uri"
		minKey, maxKey = "minLength", "maxLength"
	case ParamString:
		s["type"] = "string"
		minKey, maxKey = "minLength", "maxLength"
	default:
		s["type"] = string(p.Type)
	}
	if p.Required && (p.Type == ParamString || p.Type == ParamURL) && p.Min == nil {
		s["minLength"] = 1
	}
	if p.Min != nil {
		s[minKey] = *p.Min
	}
	if p.Max != nil {
		s[maxKey] = *p.Max
	}
	if len(p.Enum) > 0 && s["type"] != "array" {
		s["enum"] = p.Enum
	}
	if p.Pattern != "" && s["type"] != "array" {
		s["pattern"] = "^(?:" + p.Pattern + ")$"
	}
	if p.Default != nil {
		s["default"] = p.Default
	}
	if p.Secret {
		s["writeOnly"] = true
	}
	return s
}

func (p Param) itemSchema() map[string]any {
	items := map[string]any{"type": "string", "minLength": 1}
	if p.Type == ParamURLList {
		items["format"] = "uri"
	}
	if len(p.Enum) > 0 {
		items["enum"] = p.Enum
	}
	if p.Pattern != "" {
		items["pattern"] = "^(?:" + p.Pattern + ")$"
	}
	return items
}
