package api

import (
	"os"
	"testing"
)

// The dashboard's API types and the committed OpenAPI document are what
// the contracts generate today: change a contract, run `make generate`.
func TestGeneratedDashboardTypesAreCurrent(t *testing.T) {
	doc, err := OpenAPIJSON()
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"../web/src/api/openapi.json": string(doc),
		"../web/src/api/generated.ts": TypeScript(Document()),
	} {
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s is not what api/contracts.go generates: run `make generate` and commit the result", file)
		}
	}
}
