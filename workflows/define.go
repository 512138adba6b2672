package workflows

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/opsmanager/opsmanager/domain"
)

// Typed is a playbook whose body takes its parameters as a P struct and
// returns an R. P's exported fields are the parameters: the `json` tag
// names each, and these tags give its rules (see ParamsOf):
//
//	help:"..."      the form's help text
//	required:"true" secret:"true"
//	default:"50"    min:"1" max:"500" (for lists: the item count)
//	pattern:"..."   anchored regular expression (each item of a list)
//	enum:"GET,HEAD" type:"url" (string → url, []string → url list)
//	kind:"argv" | kind:"shell" (what a trigger placeholder may do in it)
type Typed[P, R any] struct {
	domain.Playbook
	// Check validates what the per-parameter rules cannot ("give url or
	// urls"); it runs in the API before the run starts.
	Check func(p P) []domain.FieldError
	Run   func(rb *Runbook, p P) (R, error)
}

// Define turns t into the catalog's Definition: its parameter list (hence
// validation, the JSON Schema and the dashboard's run form) comes from P,
// and its body receives the validated parameters decoded into a P.
func Define[P, R any](t Typed[P, R]) Definition {
	params, err := ParamsOf[P]()
	if err != nil {
		panic(fmt.Sprintf("playbook %s: %v", t.Name, err))
	}
	d := Definition{Playbook: t.Playbook}
	d.Params = params
	d.Run = func(rb *Runbook, raw Params) (map[string]any, error) {
		p, err := decodeParams[P](raw)
		if err != nil {
			return nil, err
		}
		res, runErr := t.Run(rb, p)
		out, err := resultMap(res)
		if err != nil {
			return nil, err
		}
		return out, runErr
	}
	if t.Check != nil {
		d.Check = func(raw Params) []domain.FieldError {
			p, err := decodeParams[P](raw)
			if err != nil {
				return []domain.FieldError{{Field: "params", Message: err.Error()}}
			}
			return t.Check(p)
		}
	}
	return d
}

// decodeParams turns validated parameters (as they come back from history:
// numbers as float64) into a P.
func decodeParams[P any](raw Params) (P, error) {
	var p P
	b, err := json.Marshal(map[string]any(raw))
	if err == nil {
		err = json.Unmarshal(b, &p)
	}
	if err != nil {
		return p, fmt.Errorf("parameters: %w", err)
	}
	return p, nil
}

// resultMap turns a result into the JSON object runs store and show.
func resultMap[R any](res R) (map[string]any, error) {
	b, err := json.Marshal(res)
	if err != nil {
		return nil, fmt.Errorf("result: %w", err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("result is not a JSON object: %w", err)
	}
	return out, nil
}

// ParamsOf derives the parameter list of a params struct from its tags.
func ParamsOf[P any]() ([]domain.Param, error) {
	return paramsOf(reflect.TypeFor[P]())
}

// paramsOf lists the parameters of struct type typ; the fields of an
// embedded struct (shared parameters, such as server selection) come first,
// in place, as encoding/json flattens them.
func paramsOf(typ reflect.Type) ([]domain.Param, error) {
	if typ.Kind() != reflect.Struct {
		return nil, fmt.Errorf("parameters must be a struct, not %s", typ)
	}
	var out []domain.Param
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			embedded, err := paramsOf(f.Type)
			if err != nil {
				return nil, err
			}
			out = append(out, embedded...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		p, err := paramOf(f)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f.Name, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func paramOf(f reflect.StructField) (domain.Param, error) {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" || name == "-" {
		return domain.Param{}, fmt.Errorf("needs a json name")
	}
	typ, err := paramType(f.Type, f.Tag.Get("type"))
	if err != nil {
		return domain.Param{}, err
	}
	p := domain.Param{Name: name, Type: typ, Help: f.Tag.Get("help"), Pattern: f.Tag.Get("pattern"),
		Required: f.Tag.Get("required") == "true", Secret: f.Tag.Get("secret") == "true", Kind: domain.ParamKind(f.Tag.Get("kind"))}
	if enum := f.Tag.Get("enum"); enum != "" {
		p.Enum = strings.Split(enum, ",")
	}
	for tag, dst := range map[string]**float64{"min": &p.Min, "max": &p.Max} {
		if v := f.Tag.Get(tag); v != "" {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return domain.Param{}, fmt.Errorf("%s %q: %w", tag, v, err)
			}
			*dst = domain.Float(n)
		}
	}
	if v, ok := f.Tag.Lookup("default"); ok {
		if p.Default, err = defaultValue(typ, v); err != nil {
			return domain.Param{}, err
		}
	}
	return p, nil
}

func paramType(t reflect.Type, hint string) (domain.ParamType, error) {
	switch {
	case t.Kind() == reflect.String && hint == "url":
		return domain.ParamURL, nil
	case t.Kind() == reflect.String && hint == "":
		return domain.ParamString, nil
	case t.Kind() == reflect.Bool && hint == "":
		return domain.ParamBoolean, nil
	case (t.Kind() == reflect.Int64 || t.Kind() == reflect.Int) && hint == "":
		return domain.ParamInteger, nil
	case t.Kind() == reflect.Float64 && hint == "":
		return domain.ParamNumber, nil
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String && hint == "url":
		return domain.ParamURLList, nil
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String && hint == "":
		return domain.ParamStringList, nil
	}
	return "", fmt.Errorf("type %s (type tag %q) is not a parameter type", t, hint)
}

func defaultValue(t domain.ParamType, v string) (any, error) {
	switch t {
	case domain.ParamInteger:
		return strconv.ParseInt(v, 10, 64)
	case domain.ParamNumber:
		return strconv.ParseFloat(v, 64)
	case domain.ParamBoolean:
		return strconv.ParseBool(v)
	case domain.ParamString, domain.ParamURL:
		return v, nil
	}
	return nil, fmt.Errorf("a %s parameter cannot have a default", t)
}
