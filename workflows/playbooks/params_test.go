package playbooks_test

import (
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

var update = flag.Bool("update", false, "rewrite testdata/params.golden.json")

// TestParamsAreUnchanged pins every built-in playbook's parameters (names,
// types, rules, help) and their JSON Schema, which the run form, the API's
// validation and triggers rely on: deriving them from typed params structs
// must not change them.
func TestParamsAreUnchanged(t *testing.T) {
	got := map[string]any{}
	for _, d := range playbooks.All() {
		got[d.Name] = map[string]any{"params": d.Params, "schema": d.View().ParamsSchema}
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/params.golden.json"
	if *update {
		if err := os.WriteFile(golden, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != string(b) {
		t.Fatalf("playbook parameters changed; if on purpose, run go test ./workflows/playbooks -update\ngot:\n%s", b)
	}
}
