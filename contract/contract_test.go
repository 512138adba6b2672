package contract_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The contract depends on nothing of OpsManager but domain: stores, the
// API and activities convert to it, never the other way round.
func TestContractImportsOnlyDomain(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		parsed, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "github.com/opsmanager/opsmanager/") && path != "github.com/opsmanager/opsmanager/domain" {
				t.Errorf("%s imports %s", f, path)
			}
		}
	}
}
