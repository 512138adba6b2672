package worker

import (
	"context"
	"reflect"
	"testing"

	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/launch"
	"github.com/opsmanager/opsmanager/workflows"
	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

// recorder collects what RegisterWorkflows registers.
type recorder struct{ funcs map[string]any }

func (r *recorder) RegisterWorkflowWithOptions(w any, o workflow.RegisterOptions) {
	r.funcs[o.Name] = w
}

var (
	contextType  = reflect.TypeFor[context.Context]()
	wfContext    = reflect.TypeFor[workflow.Context]()
	errorType    = reflect.TypeFor[error]()
	contractPath = "github.com/opsmanager/opsmanager/contract"
)

// payloadOK: a Temporal payload is a contract type or a plain value.
func payloadOK(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice:
		return payloadOK(t.Elem())
	case reflect.Map:
		return payloadOK(t.Key()) && payloadOK(t.Elem())
	}
	if t.PkgPath() == "" {
		return t.Kind() != reflect.Struct && t.Kind() != reflect.Interface
	}
	return t.PkgPath() == contractPath
}

// checkSignature checks fn's parameters from the first'th on, and its
// results.
func checkSignature(t *testing.T, name string, fn reflect.Type, first int) {
	t.Helper()
	for i := first; i < fn.NumIn(); i++ {
		in := fn.In(i)
		if in == contextType || in == wfContext {
			continue
		}
		if !payloadOK(in) {
			t.Errorf("%s takes %v, which is not in package contract", name, in)
		}
	}
	for i := range fn.NumOut() {
		if out := fn.Out(i); out != errorType && !payloadOK(out) {
			t.Errorf("%s returns %v, which is not in package contract", name, out)
		}
	}
}

// Every workflow and activity takes and returns contract types only, so no
// store, API or activity struct is a Temporal payload.
func TestWorkflowsAndActivitiesSpeakTheContract(t *testing.T) {
	r := &recorder{funcs: map[string]any{}}
	catalog, err := workflows.NewCatalog(playbooks.All()...)
	if err != nil {
		t.Fatal(err)
	}
	RegisterWorkflows(r, catalog)
	if len(r.funcs) < 7 {
		t.Fatalf("only %d workflow types registered", len(r.funcs))
	}
	for name, fn := range r.funcs {
		checkSignature(t, "workflow "+name, reflect.TypeOf(fn), 0)
	}
	// The activity sets cmd/opsmanager registers (worker.New).
	sets := []any{&activities.Activities{}, &activities.Notifier{}, &activities.SSH{}, &activities.Targets{},
		&activities.Locks{}, &launch.Activities{}, &activities.AssetImports{}, &activities.Inventory{}}
	n := 0
	for _, set := range sets {
		st := reflect.TypeOf(set)
		for i := range st.NumMethod() {
			m := st.Method(i)
			n++
			checkSignature(t, "activity "+m.Name, m.Type, 1) // In(0) is the receiver
		}
	}
	if n < 12 {
		t.Fatalf("only %d activities found", n)
	}
}
