package workflows_test

import (
	"encoding/base64"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/worker"
	"github.com/opsmanager/opsmanager/workflows"
	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

// TestEveryWorkflowTypeAndVersionHasAHistory fails when a registered
// workflow type, or the newest version of a workflow.GetVersion change,
// has no recorded history in testdata for TestReplayRecordedHistories to
// replay (scripts/record-histories.sh records them).
func TestEveryWorkflowTypeAndVersionHasAHistory(t *testing.T) {
	recorded := recordedHistories(t)
	catalog, err := workflows.NewCatalog(playbooks.All()...)
	if err != nil {
		t.Fatal(err)
	}
	var reg typeRecorder
	worker.RegisterWorkflows(&reg, catalog)
	if len(reg) < 7 {
		t.Fatalf("only %d workflow types registered: %v", len(reg), reg)
	}
	for _, typ := range reg {
		if len(recorded.types[typ]) == 0 {
			t.Errorf("workflow type %s has no recorded history in testdata", typ)
		}
	}
	changes := versionChanges(t, ".", "playbooks")
	if len(changes) < 6 {
		t.Fatalf("found only %d GetVersion changes in the source: %v", len(changes), changes)
	}
	for id, newest := range changes {
		if !slices.Contains(recorded.versions[id], newest) {
			t.Errorf("GetVersion change %q: no recorded history takes its version %d path (have %v)", id, newest, recorded.versions[id])
		}
	}
}

type typeRecorder []string

func (r *typeRecorder) RegisterWorkflowWithOptions(_ interface{}, o workflow.RegisterOptions) {
	*r = append(*r, o.Name)
}

type histories struct {
	types    map[string][]string           // workflow type → files
	versions map[string][]workflow.Version // change ID → versions recorded
}

// recordedHistories reads the workflow type and the version markers of
// every history in testdata.
func recordedHistories(t *testing.T) histories {
	t.Helper()
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no histories in testdata: %v", err)
	}
	h := histories{types: map[string][]string{}, versions: map[string][]workflow.Version{}}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc historyDoc
		if err := json.Unmarshal(b, &doc); err != nil || len(doc.Events) == 0 {
			t.Fatalf("%s: not a history (%v)", f, err)
		}
		typ := doc.Events[0].Started.WorkflowType.Name
		h.types[typ] = append(h.types[typ], f)
		for _, e := range doc.Events {
			if e.Marker.MarkerName != "Version" {
				continue
			}
			var id string
			var v workflow.Version
			decodeFirst(t, f, e.Marker.Details["change-id"], &id)
			decodeFirst(t, f, e.Marker.Details["version"], &v)
			h.versions[id] = append(h.versions[id], v)
		}
	}
	return h
}

type historyDoc struct {
	Events []struct {
		Started struct {
			WorkflowType struct{ Name string } `json:"workflowType"`
		} `json:"workflowExecutionStartedEventAttributes"`
		Marker struct {
			MarkerName string                                                `json:"markerName"`
			Details    map[string]struct{ Payloads []struct{ Data string } } `json:"details"`
		} `json:"markerRecordedEventAttributes"`
	} `json:"events"`
}

func decodeFirst(t *testing.T, file string, p struct{ Payloads []struct{ Data string } }, v any) {
	t.Helper()
	if len(p.Payloads) == 0 {
		t.Fatalf("%s: a version marker without its details", file)
	}
	b, err := base64.StdEncoding.DecodeString(p.Payloads[0].Data)
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		t.Fatalf("%s: version marker: %v", file, err)
	}
}

// versionChanges finds every workflow.GetVersion call in the non-test Go
// files of dirs and returns its change ID (a string literal or a constant
// of the package) with its maxSupported version.
func versionChanges(t *testing.T, dirs ...string) map[string]workflow.Version {
	t.Helper()
	out := map[string]workflow.Version{}
	for _, dir := range dirs {
		fset := token.NewFileSet()
		files := parseDir(t, fset, dir)
		consts := stringConsts(files)
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 4 || !isGetVersion(call.Fun) {
					return true
				}
				id, newest := literal(call.Args[1], consts), literal(call.Args[3], consts)
				v, err := strconv.Atoi(newest)
				if id == "" || err != nil {
					t.Errorf("%s: GetVersion with a change ID or version this test cannot read", fset.Position(call.Pos()))
					return true
				}
				out[id] = workflow.Version(v)
				return true
			})
		}
	}
	return out
}

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, fset *token.FileSet, dir string) []*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

func isGetVersion(fun ast.Expr) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "GetVersion" {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "workflow"
}

// literal returns the value of a basic literal or a package constant.
func literal(e ast.Expr, consts map[string]string) string {
	switch v := e.(type) {
	case *ast.BasicLit:
		if v.Kind == token.STRING {
			s, _ := strconv.Unquote(v.Value)
			return s
		}
		return v.Value
	case *ast.Ident:
		return consts[v.Name]
	}
	return ""
}

// stringConsts maps the package's constants with literal values to them.
func stringConsts(files []*ast.File) map[string]string {
	out := map[string]string{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range spec.Names {
				if i < len(spec.Values) {
					if lit, ok := spec.Values[i].(*ast.BasicLit); ok {
						out[name.Name] = literal(lit, nil)
					}
				}
			}
			return true
		})
	}
	return out
}
