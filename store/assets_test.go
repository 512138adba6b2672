package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

// inventory is a small CMDB: two apps of a service, each on two VMs of a
// redundancy group, the VMs on hosts in one rack.
type inventory struct {
	s  *store.Assets
	id map[string]string
}

func newInventory(t *testing.T) inventory {
	t.Helper()
	inv := inventory{s: store.NewAssets(storetest.NewPool(t)), id: map[string]string{}}
	for _, a := range []struct{ typ, name string }{
		{"service", "shop"}, {"application", "cart"}, {"application", "search"},
		{"virtual-machine", "vm-1"}, {"virtual-machine", "vm-2"}, {"virtual-machine", "vm-3"},
		{"server", "host-1"}, {"server", "host-2"}, {"network-device", "rack-1"},
	} {
		got, err := inv.s.Create(context.Background(), assets.Asset{Type: a.typ, Name: a.name, Tags: []string{}, Attributes: map[string]any{}, Lifecycle: assets.Active})
		if err != nil {
			t.Fatal(err)
		}
		inv.id[a.name] = got.ID
	}
	inv.relate(t, "shop", "depends_on", "cart", "")
	inv.relate(t, "shop", "depends_on", "search", "")
	inv.relate(t, "cart", "runs_on", "vm-1", "pool")
	inv.relate(t, "cart", "runs_on", "vm-2", "pool")
	inv.relate(t, "search", "runs_on", "vm-3", "")
	inv.relate(t, "vm-1", "runs_on", "host-1", "")
	inv.relate(t, "vm-2", "runs_on", "host-2", "")
	inv.relate(t, "vm-3", "runs_on", "host-2", "")
	inv.relate(t, "rack-1", "contains", "host-1", "")
	inv.relate(t, "rack-1", "contains", "host-2", "")
	return inv
}

func (inv inventory) relate(t *testing.T, src, typ, dst, group string) assets.Relationship {
	t.Helper()
	r, _, err := inv.s.Relate(context.Background(), assets.Relationship{Type: typ, SourceID: inv.id[src], TargetID: inv.id[dst],
		Attributes: assets.EdgeAttributes{RedundancyGroup: group}})
	if err != nil {
		t.Fatalf("relate %s %s %s: %v", src, typ, dst, err)
	}
	return r
}

func (inv inventory) names(ids []string) map[string]bool {
	back := map[string]string{}
	for n, id := range inv.id {
		back[id] = n
	}
	out := map[string]bool{}
	for _, id := range ids {
		out[back[id]] = true
	}
	return out
}

func (inv inventory) impact(t *testing.T, root string, depth int) string {
	t.Helper()
	deps, err := inv.s.Dependencies(context.Background(), []string{inv.id[root]}, depth)
	if err != nil {
		t.Fatal(err)
	}
	back := map[string]string{}
	for n, id := range inv.id {
		back[id] = n
	}
	out := map[string]string{}
	for _, a := range assets.Propagate([]string{inv.id[root]}, deps) {
		out[back[a.ID]] = string(a.Status)
	}
	return fmt.Sprint(out)
}

func TestDependenciesFollowFailureAndHonourRedundancy(t *testing.T) {
	t.Parallel()
	inv := newInventory(t)
	if got, want := inv.impact(t, "host-1", 6), fmt.Sprint(map[string]string{"host-1": "down", "vm-1": "down", "cart": "degraded", "shop": "degraded"}); got != want {
		t.Errorf("host-1: %s, want %s", got, want)
	}
	if got, want := inv.impact(t, "host-2", 6), fmt.Sprint(map[string]string{"host-2": "down", "vm-2": "down", "vm-3": "down", "cart": "degraded", "search": "down", "shop": "down"}); got != want {
		t.Errorf("host-2: %s, want %s", got, want)
	}
	if got, want := inv.impact(t, "rack-1", 2), fmt.Sprint(map[string]string{"rack-1": "down", "host-1": "down", "host-2": "down", "vm-1": "down", "vm-2": "down", "vm-3": "down"}); got != want {
		t.Errorf("rack-1 to depth 2: %s, want %s", got, want)
	}
}

func TestWalkReadsTheGraphAsItWas(t *testing.T) {
	t.Parallel()
	inv := newInventory(t)
	ctx := context.Background()
	edge := inv.relate(t, "search", "depends_on", "cart", "")
	before := time.Now()
	time.Sleep(10 * time.Millisecond)
	if err := inv.s.EndRelationship(ctx, edge.ID); err != nil {
		t.Fatal(err)
	}
	walk := func(asOf *time.Time) map[string]bool {
		g, err := inv.s.Walk(ctx, assets.GraphQuery{Roots: []string{inv.id["search"]}, Depth: 1, Direction: assets.Downward, AsOf: asOf, MaxNodes: 100})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, n := range g.Nodes {
			ids = append(ids, n.ID)
		}
		return inv.names(ids)
	}
	if now := walk(nil); now["cart"] || !now["vm-3"] {
		t.Errorf("now: %v, want vm-3 and not cart", now)
	}
	if then := walk(&before); !then["cart"] || !then["vm-3"] {
		t.Errorf("as of before the end: %v, want cart and vm-3", then)
	}
	g, err := inv.s.Walk(ctx, assets.GraphQuery{Roots: []string{inv.id["rack-1"]}, Depth: 10, Direction: assets.Both, MaxNodes: 4})
	if err != nil || !g.Truncated || len(g.Nodes) != 4 {
		t.Errorf("capped walk: %d nodes, truncated %v, %v", len(g.Nodes), g.Truncated, err)
	}
}

func TestServersHostingFindsHostsThroughVMs(t *testing.T) {
	t.Parallel()
	inv := newInventory(t)
	ids, err := inv.s.ServersHosting(context.Background(), "CART")
	if err != nil {
		t.Fatal(err)
	}
	if got := inv.names(ids); len(got) != 2 || !got["host-1"] || !got["host-2"] {
		t.Fatalf("servers hosting cart: %v", got)
	}
}
