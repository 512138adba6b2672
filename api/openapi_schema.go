package api

import (
	"encoding/json"
	"reflect"
	"sort"
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
	oneOfType      = reflect.TypeFor[oneOf]()
)

// oneOf is a type whose JSON is one of several types' (the document says
// anyOf them).
type oneOf interface{ alternatives() []reflect.Type }

// of returns the schema of t: a $ref for named structs.
func (s *schemas) of(t reflect.Type) map[string]any {
	switch {
	case t == nil:
		return map[string]any{}
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawMessageType:
		return orNull(map[string]any{})
	case t == durationType:
		return map[string]any{"type": "integer", "description": "nanoseconds"}
	case t.Implements(oneOfType):
		alts := reflect.Zero(t).Interface().(oneOf).alternatives()
		out := make([]any, 0, len(alts))
		for _, a := range alts {
			out = append(out, s.of(a))
		}
		return map[string]any{"anyOf": out}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return orNull(s.of(t.Elem()))
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
	case reflect.Map: // a nil map is null in JSON
		return orNull(map[string]any{"type": "object", "additionalProperties": s.of(t.Elem())})
	case reflect.Interface:
		return orNull(map[string]any{})
	case reflect.Struct:
		return s.structRef(t)
	}
	return map[string]any{}
}

// orNull is schema, or JSON null.
func orNull(schema map[string]any) map[string]any {
	return map[string]any{"anyOf": []any{schema, map[string]any{"type": "null"}}}
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
	if base, ok := extendedStruct(t); ok {
		own := reflect.StructOf(ownFields(t))
		return map[string]any{"allOf": []any{s.structRef(base), s.structSchema(own)}}
	}
	fields := map[string]jsonField{}
	s.collectFields(t, 0, fields)
	props := map[string]any{}
	var required []string
	for name, f := range fields {
		props[name] = f.schema
		if f.required {
			required = append(required, name)
		}
	}
	sort.Strings(required)
	out := map[string]any{"type": "object", "properties": props}
	if strings.HasSuffix(t.Name(), "Request") {
		out["additionalProperties"] = false
	} else if len(required) > 0 {
		out["required"] = required
	}
	return out
}

// extendedStruct reports the named struct t embeds when t is that struct
// plus fields of its own, none of them shadowing one of the base's: the
// document then says allOf [base, own fields] (and the dashboard's types
// "interface T extends Base"). Request bodies stay flat, since they refuse
// unknown properties.
func extendedStruct(t reflect.Type) (reflect.Type, bool) {
	if strings.HasSuffix(t.Name(), "Request") || t.Name() == "" {
		return nil, false
	}
	var base reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.Anonymous {
			continue
		}
		if base != nil || f.Tag.Get("json") != "" || f.Type.Kind() != reflect.Struct || f.Type.Name() == "" {
			return nil, false
		}
		base = f.Type
	}
	if base == nil {
		return nil, false
	}
	inherited := map[string]jsonField{}
	(&schemas{defs: map[string]any{}, seen: map[reflect.Type]string{}}).collectFields(base, 0, inherited)
	for _, f := range ownFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if _, shadows := inherited[name]; shadows {
			return nil, false
		}
	}
	return base, true
}

// ownFields are t's exported, non-embedded fields.
func ownFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := range t.NumField() {
		if f := t.Field(i); !f.Anonymous && f.IsExported() {
			out = append(out, f)
		}
	}
	return out
}

// jsonField is one JSON property of a struct, found depth levels down
// embedded structs.
type jsonField struct {
	schema   map[string]any
	required bool
	depth    int
}

// collectFields adds t's JSON fields, flattening embedded structs as
// encoding/json does: of two fields with one name, the shallower wins.
func (s *schemas) collectFields(t reflect.Type, depth int, out map[string]jsonField) {
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
				s.collectFields(ft, depth+1, out)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if prev, ok := out[name]; ok && prev.depth <= depth {
			continue
		}
		schema := s.of(f.Type)
		if f.Tag.Get("openapi") == "nullable" { // a slice that may be nil
			schema = orNull(schema)
		}
		out[name] = jsonField{schema: schema, depth: depth,
			required: !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") && f.Type.Kind() != reflect.Pointer}
	}
}
