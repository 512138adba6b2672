package assets_test

import (
	"encoding/json"
	"testing"

	"github.com/opsmanager/opsmanager/assets"
)

func TestParseCSVKeepsGoodRowsAndReportsBadOnesByLine(t *testing.T) {
	t.Parallel()
	file := "type,name,externalKey,environment,tags,attr.cpuCores,attr.os.name,attr.ipAddresses\n" +
		"server,web-1,srv-1,prod,web;edge,8,debian,10.0.0.1;10.0.0.2\n" +
		",nameless,,,,,,\n" +
		"server,\"web-2\",srv-2,,,,,\n" +
		"server,too,many,cells,,,,,\n"
	rows, bad := assets.ParseFile(assets.FormatCSV, []byte(file))
	if len(rows) != 2 || rows[0].Line != 2 || rows[1].Line != 4 {
		t.Fatalf("rows %+v", rows)
	}
	r := rows[0]
	if r.Type != "server" || r.ExternalKey != "srv-1" || *r.Environment != "prod" || len(*r.Tags) != 2 || !r.Text ||
		r.Attributes["os"].(map[string]any)["name"] != "debian" {
		t.Fatalf("row 2: %+v", r)
	}
	if rows[1].Environment != nil || rows[1].Tags != nil {
		t.Fatalf("empty cells must leave fields alone: %+v", rows[1])
	}
	if len(bad) != 2 || bad[0].Line != 5 || bad[1].Line != 3 || bad[1].Field != "type" {
		t.Fatalf("errors %+v, want line 5 (cells) and line 3 (type)", bad)
	}
	typ := assets.Type{Schema: map[string]any{"type": "object", "properties": map[string]any{
		"cpuCores": map[string]any{"type": "integer"}, "ipAddresses": map[string]any{"type": "array", "items": map[string]any{"type": "string"}}}}}
	a := assets.Asset{}
	r.Apply(&a)
	typ.Coerce(a.Attributes)
	if a.Attributes["cpuCores"] != int64(8) || len(a.Attributes["ipAddresses"].([]any)) != 2 {
		t.Fatalf("coerced %v", a.Attributes)
	}
}

func TestParseNDJSONIsStrict(t *testing.T) {
	t.Parallel()
	file := `{"type":"database","name":"db-1","attributes":{"engine":"postgres"},"relationships":[{"type":"runs_on","target":"server:web-1"}]}

{"type":"database","name":"db-2","colour":"red"}
not json
{"type":"database","name":"db-3","relationships":[{"type":"likes","target":"x"}]}
`
	rows, bad := assets.ParseFile(assets.FormatNDJSON, []byte(file))
	if len(rows) != 1 || rows[0].Line != 1 || rows[0].Relationships[0].Target != "server:web-1" {
		t.Fatalf("rows %+v", rows)
	}
	lines := map[int]bool{}
	for _, e := range bad {
		lines[e.Line] = true
	}
	if !lines[3] || !lines[4] || !lines[5] {
		t.Fatalf("errors %+v, want lines 3, 4 and 5", bad)
	}
}

func TestParseBackstageCatalog(t *testing.T) {
	t.Parallel()
	file := `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
  description: Takes the money
  tags: [java]
spec:
  type: service
  lifecycle: production
  owner: group:default/payments
  system: shop
  dependsOn:
    - resource:default/orders-db
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: orders-db
spec:
  type: database
  owner: payments
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
---
kind: Component
metadata:
  name: nope
`
	rows, bad := assets.ParseFile(assets.FormatBackstage, []byte(file))
	if len(rows) != 2 || len(bad) != 1 || bad[0].Line != 27 {
		b, _ := json.Marshal(struct{ R, B any }{rows, bad})
		t.Fatalf("got %s", b)
	}
	c := rows[0]
	if c.Type != "service" || c.ExternalKey != "component:default/checkout" || *c.OwnerTeam != "payments" ||
		*c.Lifecycle != assets.Active || c.Attributes["description"] != "Takes the money" {
		t.Fatalf("component: %+v", c)
	}
	if len(c.Relationships) != 2 || c.Relationships[0].Target != "*:resource:default/orders-db" || c.Relationships[1].Target != "*:system:default/shop" {
		t.Fatalf("relationships %+v", c.Relationships)
	}
	if rows[1].Type != "database" || rows[1].ExternalKey != "resource:default/orders-db" {
		t.Fatalf("resource: %+v", rows[1])
	}
}

func TestDiffNamesChangedPaths(t *testing.T) {
	t.Parallel()
	before := assets.Asset{Name: "db", Tags: []string{"a"}, Attributes: map[string]any{"os": map[string]any{"name": "debian", "version": "11"}, "gone": 1.0}}
	after := assets.Asset{Name: "db", Tags: []string{"a"}, Attributes: map[string]any{"os": map[string]any{"name": "debian", "version": "12"}, "new": true}}
	got := assets.Diff(before, after)
	paths := []string{}
	for _, c := range got {
		paths = append(paths, c.Path)
	}
	if len(got) != 3 || paths[0] != "attributes.gone" || paths[1] != "attributes.new" || paths[2] != "attributes.os.version" || got[2].Old != "11" {
		t.Fatalf("diff %+v", got)
	}
	if d := assets.Diff(after, after); len(d) != 0 {
		t.Fatalf("no change diffed as %+v", d)
	}
}

func TestParseFacts(t *testing.T) {
	t.Parallel()
	out := "os=Debian GNU/Linux 12 (bookworm)\nkernel=6.1.0-28-amd64\ncpuCores=2\nmemoryMb=24000\nfqdn=web-1.example.com\n" +
		"ip=10.0.0.5\nip=fe80::1\ndisk=/dev/vda1 41152736 /\nport=0016\nport=1F90\nport=0016\nnoise\nmemoryMb=x\n"
	f := assets.ParseFacts(out)
	b, _ := json.Marshal(f)
	want := `{"cpuCores":2,"disks":[{"device":"/dev/vda1","mount":"/","sizeGb":39.2}],"fqdn":"web-1.example.com","ipAddresses":["10.0.0.5","fe80::1"],` +
		`"kernel":"6.1.0-28-amd64","listeningPorts":[22,8080],"memoryMb":24000,"os":"Debian GNU/Linux 12 (bookworm)"}`
	if string(b) != want {
		t.Fatalf("facts\n%s\nwant\n%s", b, want)
	}
}
