package assets

import (
	"strconv"
	"strings"
)

// Coerce turns attribute values read as text (a CSV cell) into what the
// type's schema asks for: integers, numbers, booleans, and lists split on
// ";". A value that does not convert is left as text, for the schema to
// report.
func (t *Type) Coerce(attrs map[string]any) {
	coerceObject(t.Schema, attrs)
}

func coerceObject(schema map[string]any, obj map[string]any) {
	props, _ := schema["properties"].(map[string]any)
	for k, v := range obj {
		prop, _ := props[k].(map[string]any)
		if prop == nil {
			continue
		}
		if nested, ok := v.(map[string]any); ok {
			coerceObject(prop, nested)
			continue
		}
		if s, ok := v.(string); ok {
			obj[k] = coerceText(prop, s)
		}
	}
}

func coerceText(prop map[string]any, s string) any {
	switch prop["type"] {
	case "integer":
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	case "number":
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	case "boolean":
		if b, err := strconv.ParseBool(s); err == nil {
			return b
		}
	case "array":
		items, _ := prop["items"].(map[string]any)
		var out []any
		for _, part := range strings.Split(s, ";") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, coerceText(items, part))
			}
		}
		return out
	}
	return s
}
