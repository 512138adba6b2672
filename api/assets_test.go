package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/domain"
)

// createAsset adds an asset as the admin and returns it.
func (s *testServer) createAsset(t *testing.T, body string) assets.Asset {
	t.Helper()
	res, b := s.do(t, "POST", "/api/v1/assets", body)
	if res.StatusCode != 201 {
		t.Fatalf("create asset %s: %d %s", body, res.StatusCode, b)
	}
	var out struct{ Data assets.Asset }
	_ = json.Unmarshal(b, &out)
	return out.Data
}

// relate adds "source typ target" (attrs: the edge's attributes JSON).
func (s *testServer) relate(t *testing.T, source, typ, target, attrs string) CreatedRelationship {
	t.Helper()
	if attrs == "" {
		attrs = "{}"
	}
	res, b := s.do(t, "POST", "/api/v1/relationships", fmt.Sprintf(`{"type":%q,"sourceId":%q,"targetId":%q,"attributes":%s}`, typ, source, target, attrs))
	if res.StatusCode != 201 {
		t.Fatalf("relate %s %s %s: %d %s", source, typ, target, res.StatusCode, b)
	}
	var out struct{ Data CreatedRelationship }
	_ = json.Unmarshal(b, &out)
	return out.Data
}

func fieldsOf(t *testing.T, b []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, d := range parseErrorBody(t, b).Details {
		out[d.Field] = d.Message
	}
	return out
}

func TestAssetAttributesAreCheckedAgainstTheTypeSchema(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.do(t, "POST", "/api/v1/assets", `{"type":"server","name":"web-1","attributes":{"cpuCores":"eight","listeningPorts":[22,70000],"disks":[{"sizeGb":-1}]}}`)
	if res.StatusCode != 400 {
		t.Fatalf("bad attributes: %d %s, want 400", res.StatusCode, b)
	}
	got := fieldsOf(t, b)
	for _, field := range []string{"attributes.cpuCores", "attributes.listeningPorts[1]", "attributes.disks[0].sizeGb"} {
		if got[field] == "" {
			t.Errorf("no error for %s in %v", field, got)
		}
	}
	res, b = s.do(t, "POST", "/api/v1/assets", `{"type":"spaceship","name":"x"}`)
	if res.StatusCode != 400 || fieldsOf(t, b)["type"] == "" {
		t.Fatalf("unknown type: %d %s, want 400 naming type", res.StatusCode, b)
	}
	res, b = s.do(t, "POST", "/api/v1/assets", `{"type":"server","name":"x","colour":"red"}`)
	if res.StatusCode != 400 || !strings.Contains(string(b), "colour") {
		t.Fatalf("unknown field: %d %s, want 400", res.StatusCode, b)
	}
	a := s.createAsset(t, `{"type":"server","name":"web-1","environment":"Production","tags":["Web"],"attributes":{"cpuCores":8,"os":"Debian 12"}}`)
	if a.Environment != "production" || a.Tags[0] != "web" || a.Lifecycle != assets.Active || a.Attributes["cpuCores"] != 8.0 {
		t.Fatalf("created %+v", a)
	}
	if res, b := s.do(t, "POST", "/api/v1/assets", `{"type":"server","name":"WEB-1"}`); res.StatusCode != 409 {
		t.Fatalf("same name and type: %d %s, want 409", res.StatusCode, b)
	}
	if n := s.auditCount(t, "asset.create", domain.OutcomeSuccess); n != 1 {
		t.Fatalf("%d asset.create audit entries, want 1", n)
	}
	if n := s.count(t, `SELECT count(*) FROM assets`); n != 1 {
		t.Fatalf("%d assets stored after the failures, want 1", n)
	}
}

func TestAssetListFiltersSearchAndPagesByCursor(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for i := range 5 {
		s.createAsset(t, fmt.Sprintf(`{"type":"database","name":"payments-db-%d","environment":"prod","attributes":{"engine":"postgres","version":"15.%d"}}`, i, i))
	}
	s.createAsset(t, `{"type":"database","name":"search-es","environment":"staging","attributes":{"engine":"other"}}`)
	s.createAsset(t, `{"type":"server","name":"db-host","tags":["rack-7"]}`)
	list := func(q string) ([]assets.Asset, CursorPagination) {
		t.Helper()
		res, b := s.do(t, "GET", "/api/v1/assets?"+q, "")
		if res.StatusCode != 200 {
			t.Fatalf("list %s: %d %s", q, res.StatusCode, b)
		}
		var out struct {
			Data       []assets.Asset
			Pagination CursorPagination
		}
		_ = json.Unmarshal(b, &out)
		return out.Data, out.Pagination
	}
	names := func(l []assets.Asset) string {
		var n []string
		for _, a := range l {
			n = append(n, a.Name)
		}
		return strings.Join(n, ",")
	}
	if got, _ := list("q=payments"); len(got) != 5 {
		t.Errorf("q=payments: %s", names(got))
	}
	if got, _ := list("q=15.3"); names(got) != "payments-db-3" {
		t.Errorf("q over attribute values: %s", names(got))
	}
	if got, _ := list("attr.engine=other"); names(got) != "search-es" {
		t.Errorf("attr.engine=other: %s", names(got))
	}
	if got, _ := list("type=server&tag=rack-7"); names(got) != "db-host" {
		t.Errorf("type and tag: %s", names(got))
	}
	if got, _ := list("environment=staging&type=database"); names(got) != "search-es" {
		t.Errorf("environment: %s", names(got))
	}
	var all []string
	cursor := ""
	for page := 0; page < 5; page++ {
		got, p := list("type=database&limit=2&cursor=" + cursor)
		all = append(all, names(got))
		if cursor = p.NextCursor; cursor == "" {
			break
		}
	}
	if strings.Join(all, ",") != "payments-db-0,payments-db-1,payments-db-2,payments-db-3,payments-db-4,search-es" {
		t.Errorf("pages: %v", all)
	}
	for _, q := range []string{"cursor=nonsense", "lifecycle=dead", "attr.a..b=1", "limit=0"} {
		if res, b := s.do(t, "GET", "/api/v1/assets?"+q, ""); res.StatusCode != 400 {
			t.Errorf("%s: %d %s, want 400", q, res.StatusCode, b)
		}
	}
}

func TestRelationshipsAreTypedDirectedAndChecked(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	app := s.createAsset(t, `{"type":"application","name":"checkout"}`)
	vm := s.createAsset(t, `{"type":"virtual-machine","name":"vm-1"}`)
	db := s.createAsset(t, `{"type":"database","name":"orders-db"}`)
	// The inverse name is stored the forward way.
	r := s.relate(t, vm.ID, "hosts", app.ID, "")
	if r.Type != "runs_on" || r.SourceID != app.ID || r.TargetID != vm.ID {
		t.Fatalf("vm hosts app stored as %+v", r.Relationship)
	}
	missing := "01a21300-0000-7000-8000-000000000000"
	for body, want := range map[string]int{
		fmt.Sprintf(`{"type":"runs_on","sourceId":%q,"targetId":%q}`, app.ID, vm.ID):      409, // duplicate
		fmt.Sprintf(`{"type":"depends_on","sourceId":%q,"targetId":%q}`, app.ID, app.ID):  409, // self-loop
		fmt.Sprintf(`{"type":"likes","sourceId":%q,"targetId":%q}`, app.ID, vm.ID):        400,
		fmt.Sprintf(`{"type":"depends_on","sourceId":%q,"targetId":%q}`, app.ID, missing): 404,
		fmt.Sprintf(`{"type":"depends_on","sourceId":%q,"targetId":"x"}`, app.ID):         400,
	} {
		if res, b := s.do(t, "POST", "/api/v1/relationships", body); res.StatusCode != want {
			t.Errorf("%s: %d %s, want %d", body, res.StatusCode, b, want)
		}
	}
	if d := s.relate(t, app.ID, "depends_on", db.ID, ""); len(d.Cycle) != 0 {
		t.Fatalf("no cycle yet, got %v", d.Cycle)
	}
	back := s.relate(t, db.ID, "depends_on", app.ID, "")
	if strings.Join(back.Cycle, ",") != app.ID+","+db.ID {
		t.Fatalf("cycle reported %v, want [app db]", back.Cycle)
	}
	res, b := s.do(t, "GET", "/api/v1/assets/"+vm.ID+"/relationships", "")
	if res.StatusCode != 200 || !strings.Contains(string(b), `"verb":"hosts"`) || !strings.Contains(string(b), `"name":"checkout"`) {
		t.Fatalf("vm relationships: %d %s", res.StatusCode, b)
	}
	if res, b := s.do(t, "DELETE", "/api/v1/assets/"+vm.ID, ""); res.StatusCode != 409 || !strings.Contains(string(b), "cascade") {
		t.Fatalf("delete with relationships: %d %s, want 409 naming cascade", res.StatusCode, b)
	}
	operator := s.tokenFor(t, s.createUser(t, "op@example.com", "operator").ID)
	if res, _ := s.call(t, request{Method: "DELETE", Path: "/api/v1/assets/" + vm.ID + "?cascade=true", Token: operator}); res.StatusCode != 403 {
		t.Fatalf("cascade without assets:admin: %d, want 403", res.StatusCode)
	}
	if res, b := s.do(t, "DELETE", "/api/v1/assets/"+vm.ID+"?cascade=true", ""); res.StatusCode != 204 {
		t.Fatalf("cascade delete: %d %s", res.StatusCode, b)
	}
	if n := s.count(t, `SELECT count(*) FROM asset_relationships WHERE source_id = $1 OR target_id = $1`, vm.ID); n != 0 {
		t.Fatalf("%d relationships of the deleted asset left", n)
	}
}

func TestAssetHistoryRecordsWhoChangedWhat(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	a := s.createAsset(t, `{"type":"server","name":"web-1","attributes":{"os":"Debian 11"}}`)
	if res, b := s.do(t, "PATCH", "/api/v1/assets/"+a.ID, `{"attributes":{"os":"Debian 12"},"lifecycle":"maintenance"}`); res.StatusCode != 200 {
		t.Fatalf("update: %d %s", res.StatusCode, b)
	}
	if res, b := s.do(t, "PATCH", "/api/v1/assets/"+a.ID, `{"lifecycle":"maintenance"}`); res.StatusCode != 200 {
		t.Fatalf("no-op update: %d %s", res.StatusCode, b)
	}
	other := s.createAsset(t, `{"type":"application","name":"shop"}`)
	s.relate(t, other.ID, "runs_on", a.ID, "")
	res, b := s.do(t, "GET", "/api/v1/assets/"+a.ID+"/history", "")
	if res.StatusCode != 200 {
		t.Fatalf("history: %d %s", res.StatusCode, b)
	}
	var h struct{ Data []assets.Change }
	_ = json.Unmarshal(b, &h)
	var actions []string
	for _, c := range h.Data {
		actions = append(actions, c.Action)
	}
	if strings.Join(actions, ",") != "relationship.added,updated,created" {
		t.Fatalf("history actions %v, want relationship.added,updated,created (newest first, no entry for the no-op)", actions)
	}
	upd := h.Data[1]
	if upd.Actor.Name != "admin@example.com" || len(upd.Diff) != 2 || upd.Diff[0].Path != "lifecycle" ||
		upd.Diff[1].Path != "attributes.os" || upd.Diff[1].Old != "Debian 11" || upd.Diff[1].New != "Debian 12" {
		t.Fatalf("update change %+v", upd)
	}
	if h.Data[0].Details["relationship"] != "hosts" || h.Data[0].Details["otherName"] != "shop" {
		t.Fatalf("relationship change %+v", h.Data[0])
	}
	if res, _ := s.do(t, "GET", "/api/v1/assets/01a21300-0000-7000-8000-000000000000/history", ""); res.StatusCode != 404 {
		t.Fatalf("history of an asset that never was: %d, want 404", res.StatusCode)
	}
}

func TestGraphAsOfShowsEndedRelationshipsInThePast(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	svc := s.createAsset(t, `{"type":"service","name":"shop"}`)
	app := s.createAsset(t, `{"type":"application","name":"shop-app"}`)
	old := s.createAsset(t, `{"type":"database","name":"old-db"}`)
	cur := s.createAsset(t, `{"type":"database","name":"new-db"}`)
	s.relate(t, svc.ID, "depends_on", app.ID, "")
	edge := s.relate(t, app.ID, "depends_on", old.ID, "")
	before := time.Now().UTC()
	time.Sleep(20 * time.Millisecond)
	if res, b := s.do(t, "DELETE", "/api/v1/relationships/"+edge.ID, ""); res.StatusCode != 204 {
		t.Fatalf("end relationship: %d %s", res.StatusCode, b)
	}
	if res, _ := s.do(t, "DELETE", "/api/v1/relationships/"+edge.ID, ""); res.StatusCode != 404 {
		t.Fatalf("ending it twice: %d, want 404", res.StatusCode)
	}
	s.relate(t, app.ID, "depends_on", cur.ID, "")
	graph := func(q string) string {
		t.Helper()
		res, b := s.do(t, "GET", "/api/v1/assets/"+svc.ID+"/graph?"+q, "")
		if res.StatusCode != 200 {
			t.Fatalf("graph %s: %d %s", q, res.StatusCode, b)
		}
		var g struct{ Data assets.Graph }
		_ = json.Unmarshal(b, &g)
		var names []string
		for _, n := range g.Data.Nodes {
			names = append(names, fmt.Sprintf("%s@%d", n.Name, n.Depth))
		}
		return strings.Join(names, ",")
	}
	if got := graph("depth=3&direction=down"); got != "new-db@2,shop@0,shop-app@1" {
		t.Errorf("graph now: %s", got)
	}
	if got := graph("depth=3&direction=down&asOf=" + before.Format(time.RFC3339Nano)); got != "old-db@2,shop@0,shop-app@1" {
		t.Errorf("graph as of before the change: %s", got)
	}
	if got := graph("depth=1&direction=up"); got != "shop@0" {
		t.Errorf("nothing depends on the service: %s", got)
	}
	if got := graph("depth=3&types=runs_on"); got != "shop@0" {
		t.Errorf("only runs_on edges: %s", got)
	}
	if res, _ := s.do(t, "GET", "/api/v1/assets/"+svc.ID+"/graph?direction=sideways", ""); res.StatusCode != 400 {
		t.Errorf("bad direction: %d, want 400", res.StatusCode)
	}
}

// TestImpactListsServicesAndWhoWouldBePaged: a database failing takes down
// the app that needs it and the service on top, whose policy would mail
// the on-call address; an app with a second database in its redundancy
// group is only degraded.
func TestImpactListsServicesAndWhoWouldBePaged(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	serviceID := s.createService(t, "Checkout")
	svc := s.createAsset(t, `{"type":"service","name":"checkout","attributes":{"serviceId":"`+serviceID+`"}}`)
	app := s.createAsset(t, `{"type":"application","name":"checkout-api"}`)
	reports := s.createAsset(t, `{"type":"application","name":"reports"}`)
	primary := s.createAsset(t, `{"type":"database","name":"db-7"}`)
	replica := s.createAsset(t, `{"type":"database","name":"db-8"}`)
	s.relate(t, svc.ID, "depends_on", app.ID, "")
	s.relate(t, app.ID, "depends_on", primary.ID, "")
	s.relate(t, reports.ID, "depends_on", primary.ID, `{"redundancyGroup":"db"}`)
	s.relate(t, reports.ID, "depends_on", replica.ID, `{"redundancyGroup":"db"}`)
	res, b := s.do(t, "GET", "/api/v1/assets/"+primary.ID+"/impact", "")
	if res.StatusCode != 200 {
		t.Fatalf("impact: %d %s", res.StatusCode, b)
	}
	var out struct{ Data Impact }
	_ = json.Unmarshal(b, &out)
	status := map[string]string{}
	for _, a := range out.Data.Assets {
		status[a.Name] = string(a.Status)
	}
	want := map[string]string{"db-7": "down", "checkout-api": "down", "checkout": "down", "reports": "degraded"}
	if fmt.Sprint(status) != fmt.Sprint(want) || out.Data.Down != 3 || out.Data.Degraded != 1 {
		t.Fatalf("impact %v (down %d, degraded %d), want %v", status, out.Data.Down, out.Data.Degraded, want)
	}
	if len(out.Data.Services) != 1 || out.Data.Services[0].ServiceName != "Checkout" ||
		len(out.Data.Services[0].WouldPage) != 1 || out.Data.Services[0].WouldPage[0].Target != "oncall@example.com" {
		t.Fatalf("services %+v, want Checkout paging oncall@example.com", out.Data.Services)
	}
	if n := s.count(t, `SELECT count(*) FROM incidents`); n != 0 {
		t.Fatalf("the what-if opened %d incidents", n)
	}
	if res, b := s.do(t, "GET", "/api/v1/assets/"+replica.ID+"/impact?depth=6", ""); res.StatusCode != 200 || !strings.Contains(string(b), `"degraded":1`) {
		t.Fatalf("impact of the replica alone: %d %s, want reports degraded", res.StatusCode, b)
	}
}

func TestViewersReadAssetsButCannotChangeThem(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	viewer := s.tokenFor(t, s.createUser(t, "v@example.com", "viewer").ID)
	if res, b := s.call(t, request{Method: "GET", Path: "/api/v1/assets", Token: viewer}); res.StatusCode != 200 {
		t.Fatalf("viewer list: %d %s", res.StatusCode, b)
	}
	for _, r := range []request{
		{Method: "POST", Path: "/api/v1/assets", Body: `{"type":"server","name":"x"}`, Token: viewer},
		{Method: "POST", Path: "/api/v1/asset-types", Body: `{"name":"rack","title":"Rack"}`, Token: s.tokenFor(t, s.createUser(t, "o@example.com", "operator").ID)},
	} {
		if res, _ := s.call(t, r); res.StatusCode != 403 {
			t.Errorf("%s %s: %d, want 403", r.Method, r.Path, res.StatusCode)
		}
	}
}

func TestCustomAssetTypesCarryTheirSchema(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for body, field := range map[string]string{
		`{"name":"Rack!","title":"Rack"}`:                                                       "name",
		`{"name":"rack","title":"Rack","schema":{"type":"array"}}`:                              "schema",
		`{"name":"rack","title":"Rack","schema":{"type":"object","$ref":"file:///etc/passwd"}}`: "schema",
		`{"name":"rack","title":"Rack","identifiers":["serial"]}`:                               "identifiers[0]",
	} {
		res, b := s.do(t, "POST", "/api/v1/asset-types", body)
		if res.StatusCode != 400 || fieldsOf(t, b)[field] == "" {
			t.Errorf("%s: %d %s, want 400 naming %s", body, res.StatusCode, b, field)
		}
	}
	res, b := s.do(t, "POST", "/api/v1/asset-types", `{"name":"rack","title":"Rack","schema":{"type":"object","required":["units"],"properties":{"units":{"type":"integer","minimum":1}}}}`)
	if res.StatusCode != 201 {
		t.Fatalf("create type: %d %s", res.StatusCode, b)
	}
	res, b = s.do(t, "POST", "/api/v1/assets", `{"type":"rack","name":"r1"}`)
	if res.StatusCode != 400 || fieldsOf(t, b)["attributes.units"] != "is required" {
		t.Fatalf("missing required attribute: %d %s", res.StatusCode, b)
	}
	s.createAsset(t, `{"type":"rack","name":"r1","attributes":{"units":42}}`)
}

func TestImportPreviewReportsEachRowAndWritesNothing(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.createAsset(t, `{"type":"server","name":"web-1","attributes":{"cpuCores":4}}`)
	file := "type,name,attr.cpuCores,tags\nserver,web-1,4,\nserver,web-2,eight,web;prod\nserver,web-3,2,web\nspaceship,x,1,\n"
	res, b := s.do(t, "POST", "/api/v1/assets/import?format=csv&dryRun=true", file)
	if res.StatusCode != 200 {
		t.Fatalf("preview: %d %s", res.StatusCode, b)
	}
	var out struct{ Data ImportAnswer }
	_ = json.Unmarshal(b, &out)
	p := out.Data.Preview
	if p == nil || p.Total != 4 || p.Valid != 2 || p.Actions["unchanged"] != 1 || p.Actions["create"] != 1 || p.Actions["invalid"] != 2 {
		t.Fatalf("preview %+v", p)
	}
	if len(p.Errors) != 2 || p.Errors[0].Line != 3 || p.Errors[0].Field != "attributes.cpuCores" || p.Errors[1].Line != 5 {
		t.Fatalf("errors %+v, want line 3 cpuCores and line 5 type", p.Errors)
	}
	if n := s.count(t, `SELECT count(*) FROM assets`); n != 1 {
		t.Fatalf("a preview wrote: %d assets", n)
	}
	res, b = s.do(t, "POST", "/api/v1/assets/import?format=csv", file)
	if res.StatusCode != 202 || len(s.starter.started) != 1 || !strings.HasPrefix(s.starter.started[0].ID, "asset-import/") {
		t.Fatalf("start import: %d %s, started %v", res.StatusCode, b, s.starter.started)
	}
	for q, want := range map[string]int{"format=xml": 400, "format=csv&atomic=maybe": 400} {
		if res, _ := s.do(t, "POST", "/api/v1/assets/import?"+q, file); res.StatusCode != want {
			t.Errorf("%s: %d, want %d", q, res.StatusCode, want)
		}
	}
	if res, b := s.do(t, "POST", "/api/v1/assets/import?format=csv", "colour\nred\n"); res.StatusCode != 400 {
		t.Errorf("a file with no good row: %d %s, want 400", res.StatusCode, b)
	}
}

// TestImportFindsAssetsByKeyThenIdentifiersThenName: a row without a key
// finds the server with its serial number even under another name.
func TestImportFindsAssetsByKeyThenIdentifiersThenName(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.createAsset(t, `{"type":"server","name":"old-name","attributes":{"serial":"SN1"}}`)
	s.createAsset(t, `{"type":"server","name":"keyed","externalKey":"k-1"}`)
	file := "type,name,externalKey,attr.serial\nserver,new-name,,SN1\nserver,renamed,k-1,\nserver,keyed-by-name,,\n"
	res, b := s.do(t, "POST", "/api/v1/assets/import?format=csv&dryRun=true", file)
	var out struct{ Data ImportAnswer }
	_ = json.Unmarshal(b, &out)
	p := out.Data.Preview
	if res.StatusCode != 200 || p == nil || p.Actions["update"] != 2 || p.Actions["create"] != 1 {
		t.Fatalf("preview: %d %s", res.StatusCode, b)
	}
	if p.Rows[0].Diff[0].Path != "name" || p.Rows[0].Diff[0].Old != "old-name" || p.Rows[1].Diff[0].Old != "keyed" {
		t.Fatalf("rows %+v", p.Rows)
	}
}
