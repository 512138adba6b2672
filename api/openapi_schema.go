package api

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// schemas builds JSON Schemas (OpenAPI 3.1 dialect) of Go types, named
// struct types once each under components/schemas.
type schemas struct {
	defs map[string]any
	seen map[reflect.Type]string
}

func newSchemas() *schemas { return &schemas{defs: map[string]any{}, seen: map[reflect.Type]string{}} }

var (
	timeType       = reflect.TypeFor[time.Time]()
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	durationType   = reflect.TypeFor[time.Duration]()
)

// of returns the schema of t: a $ref for named structs.
func (s *schemas) of(t reflect.Type) map[string]any {
	switch {
	case t == nil:
		return map[string]any{}
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawMessageType:
		return map[string]any{}
	case t == durationType:
		return map[string]any{"type": "integer", "description": "nanoseconds"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := s.of(t.Elem())
		return map[string]any{"anyOf": []any{inner, map[string]any{"type": "null"}}}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": s.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": s.of(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		return s.structRef(t)
	}
	return map[string]any{}
}

func (s *schemas) structRef(t reflect.Type) map[string]any {
	if t.Name() == "" {
		return s.structSchema(t)
	}
	name, ok := s.seen[t]
	if !ok {
		name = schemaName(t)
		for taken := true; taken; {
			_, taken = s.defs[name]
			if taken {
				name += "_"
			}
		}
		s.seen[t] = name
		s.defs[name] = map[string]any{} // placeholder for recursive types
		s.defs[name] = s.structSchema(t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// schemaName is the type's name, with its package for types of other
// packages ("domain.Server" → DomainServer), capitalised.
func schemaName(t reflect.Type) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 { // generic instance
		name = name[:i]
	}
	pkg := t.PkgPath()[strings.LastIndexByte(t.PkgPath(), '/')+1:]
	if pkg == "api" {
		return strings.ToUpper(name[:1]) + name[1:]
	}
	return strings.ToUpper(pkg[:1]) + pkg[1:] + strings.ToUpper(name[:1]) + name[1:]
}

// structSchema lists the JSON fields of t, embedded structs flattened as
// encoding/json does. In what the API sends, fields without omitempty are
// required; request bodies (types named *Request) require nothing here,
// since the handler validates them and names each missing field.
func (s *schemas) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	s.addFields(t, props, &required)
	out := map[string]any{"type": "object", "properties": props}
	if strings.HasSuffix(t.Name(), "Request") {
		out["additionalProperties"] = false
	} else if len(required) > 0 {
		out["required"] = required
	}
	return out
}

func (s *schemas) addFields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				s.addFields(ft, props, required)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = s.of(f.Type)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") && f.Type.Kind() != reflect.Pointer {
			*required = append(*required, name)
		}
	}
}
