package workflows_test

import (
	"testing"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

type shared struct {
	Servers []string `json:"servers" max:"3" help:"Which."`
}

type exampleParams struct {
	shared
	URL     string   `json:"url" type:"url" required:"true"`
	Hooks   []string `json:"hooks" type:"url"`
	Lines   int      `json:"lines" min:"1" default:"50"`
	Loud    bool     `json:"loud" default:"true"`
	Method  string   `json:"method" enum:"GET,HEAD" default:"GET"`
	Command []string `json:"command" kind:"argv"`
}

// The parameter list comes from the struct: names from json tags, types
// from Go types, rules from tags, embedded fields first and in place.
func TestParamsOfDerivesTheParameterList(t *testing.T) {
	params, err := workflows.ParamsOf[exampleParams]()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name string
		typ  domain.ParamType
	}{{"servers", domain.ParamStringList}, {"url", domain.ParamURL}, {"hooks", domain.ParamURLList}, {"lines", domain.ParamInteger},
		{"loud", domain.ParamBoolean}, {"method", domain.ParamString}, {"command", domain.ParamStringList}}
	if len(params) != len(want) {
		t.Fatalf("got %d params: %+v", len(params), params)
	}
	for i, w := range want {
		if params[i].Name != w.name || params[i].Type != w.typ {
			t.Errorf("param %d = %s %s, want %s %s", i, params[i].Name, params[i].Type, w.name, w.typ)
		}
	}
	if *params[0].Max != 3 || !params[1].Required || params[3].Default != int64(50) || *params[3].Min != 1 ||
		params[4].Default != true || len(params[5].Enum) != 2 || params[6].Kind != domain.KindArgv {
		t.Errorf("rules lost: %+v", params)
	}
}

func TestParamsOfRefusesWhatItCannotDescribe(t *testing.T) {
	type noName struct {
		X string
	}
	type badType struct {
		X map[string]string `json:"x"`
	}
	type badDefault struct {
		X int `json:"x" default:"many"`
	}
	if _, err := workflows.ParamsOf[noName](); err == nil {
		t.Error("a field without a json name was accepted")
	}
	if _, err := workflows.ParamsOf[badType](); err == nil {
		t.Error("a map parameter was accepted")
	}
	if _, err := workflows.ParamsOf[badDefault](); err == nil {
		t.Error("a non-integer default of an integer was accepted")
	}
}

// A typed body receives validated parameters decoded as it declared them,
// numbers included (history hands them back as float64).
func TestDefineDecodesParamsForTheBodyAndCheck(t *testing.T) {
	var got exampleParams
	d := workflows.Define(workflows.Typed[exampleParams, map[string]any]{
		Playbook: domain.Playbook{Name: "example"},
		Check: func(p exampleParams) []domain.FieldError {
			if p.Lines > 100 {
				return []domain.FieldError{{Field: "params.lines", Message: "too many"}}
			}
			return nil
		},
		Run: func(_ *workflows.Runbook, p exampleParams) (map[string]any, error) {
			got = p
			return map[string]any{"lines": p.Lines}, nil
		},
	})
	raw := workflows.Params{"servers": []any{"web-1"}, "url": "https://x.test", "lines": float64(7), "loud": false, "method": "HEAD"}
	out, err := d.Run(nil, raw)
	if err != nil || got.Lines != 7 || got.Servers[0] != "web-1" || got.URL != "https://x.test" || got.Loud || out["lines"] != float64(7) {
		t.Fatalf("run got %+v, returned %v %v", got, out, err)
	}
	if bad := d.Check(workflows.Params{"lines": float64(101)}); len(bad) != 1 || bad[0].Field != "params.lines" {
		t.Fatalf("check = %v", bad)
	}
}
