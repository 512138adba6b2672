package assets_test

import (
	"fmt"
	"testing"

	"github.com/opsmanager/opsmanager/assets"
)

func edge(id, typ, src, dst, group string) assets.Relationship {
	return assets.Relationship{ID: id, Type: typ, SourceID: src, TargetID: dst, Attributes: assets.EdgeAttributes{RedundancyGroup: group}}
}

func deps(rels ...assets.Relationship) []assets.Dependency {
	var out []assets.Dependency
	for _, r := range rels {
		if d, ok := assets.FailureEdge(r); ok {
			out = append(out, d)
		}
	}
	return out
}

func statuses(list []assets.Affected) string {
	m := map[string]string{}
	for _, a := range list {
		m[a.ID] = fmt.Sprintf("%s@%d", a.Status, a.Distance)
	}
	return fmt.Sprint(m)
}

func TestPropagate(t *testing.T) {
	t.Parallel()
	shape := deps(
		edge("1", "depends_on", "svc", "app", ""),
		edge("2", "runs_on", "app", "vm1", "pool"),
		edge("3", "runs_on", "app", "vm2", "pool"),
		edge("4", "runs_on", "vm1", "host1", ""),
		edge("5", "runs_on", "vm2", "host2", ""),
		edge("6", "contains", "rack", "host1", ""),
		edge("7", "contains", "rack", "host2", ""),
		edge("8", "owned_by", "app", "team", ""),
		edge("9", "member_of", "node1", "cluster", ""),
		edge("10", "member_of", "node2", "cluster", ""),
	)
	tests := []struct {
		name  string
		roots []string
		want  map[string]string
	}{
		{"one host of a redundant pool degrades the app and what needs it", []string{"host1"},
			map[string]string{"host1": "down@0", "vm1": "down@1", "app": "degraded@2", "svc": "degraded@3"}},
		{"the rack takes both hosts, so the pool and everything on it", []string{"rack"},
			map[string]string{"rack": "down@0", "host1": "down@1", "host2": "down@1", "vm1": "down@2", "vm2": "down@2", "app": "down@3", "svc": "down@4"}},
		{"an owner does not fail with what it owns", []string{"team"}, map[string]string{"team": "down@0"}},
		{"one member of a group degrades it", []string{"node1"}, map[string]string{"node1": "down@0", "cluster": "degraded@1"}},
		{"all members down take the group down", []string{"node1", "node2"}, map[string]string{"node1": "down@0", "node2": "down@0", "cluster": "down@1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got, want := statuses(assets.Propagate(tt.roots, shape)), fmt.Sprint(tt.want); got != want {
				t.Errorf("got %s\nwant %s", got, want)
			}
		})
	}
}

func TestPropagateEndsOnDependsOnCycles(t *testing.T) {
	t.Parallel()
	got := assets.Propagate([]string{"a"}, deps(edge("1", "depends_on", "b", "a", ""), edge("2", "depends_on", "c", "b", ""), edge("3", "depends_on", "a", "c", "")))
	if statuses(got) != fmt.Sprint(map[string]string{"a": "down@0", "b": "down@1", "c": "down@2"}) {
		t.Fatalf("cycle: %s", statuses(got))
	}
}

func TestRelationshipValidateStoresInverseNamesForward(t *testing.T) {
	t.Parallel()
	a, b := "01a21300-0000-7000-8000-000000000001", "01a21300-0000-7000-8000-000000000002"
	r, err := assets.Relationship{Type: "hosts", SourceID: a, TargetID: b}.Validate()
	if err != nil || r.Type != "runs_on" || r.SourceID != b || r.TargetID != a {
		t.Fatalf("hosts: %+v %v", r, err)
	}
	if _, err := (assets.Relationship{Type: "connects_to", SourceID: a, TargetID: a}).Validate(); err == nil {
		t.Fatal("self-loop accepted")
	}
	if _, err := (assets.Relationship{Type: "depends_on", SourceID: a, TargetID: b, Attributes: assets.EdgeAttributes{Criticality: "extreme"}}).Validate(); err == nil {
		t.Fatal("unknown criticality accepted")
	}
}
