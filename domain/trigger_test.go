package domain

import (
	"reflect"
	"testing"
)

func TestRenderTriggerParamsFillsStringsAndLists(t *testing.T) {
	vars := map[string]string{"incident.title": "Disk full", "service.name": "db"}
	got, bad := RenderTriggerParams(map[string]any{
		"url":     "https://{{ service.name }}.example.com/health",
		"servers": []any{"{{service.name}}-1", "static"},
		"limit":   float64(3),
		"note":    "about {{incident.title}}",
	}, vars)
	if len(bad) != 0 {
		t.Fatalf("errors: %v", bad)
	}
	want := map[string]any{
		"url": "https://db.example.com/health", "servers": []any{"db-1", "static"},
		"limit": float64(3), "note": "about Disk full",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestRenderTriggerParamsNamesUnknownPlaceholder(t *testing.T) {
	_, bad := RenderTriggerParams(map[string]any{"url": "https://{{incident.owner}}/x", "ok": "fine"}, SampleTriggerVars())
	if len(bad) != 1 || bad[0].Field != "params.url" {
		t.Fatalf("want one error on params.url, got %v", bad)
	}
}

func TestRenderTriggerParamsDoesNotRenderInjectedPlaceholders(t *testing.T) {
	// A title that itself looks like a placeholder is data, not a template.
	got, bad := RenderTriggerParams(map[string]any{"note": "{{incident.title}}"},
		map[string]string{"incident.title": "{{service.id}}"})
	if len(bad) != 0 || got["note"] != "{{service.id}}" {
		t.Fatalf("got %v, %v", got, bad)
	}
}
