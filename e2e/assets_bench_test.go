package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/assets"
)

// inventoryShape is the seeded CMDB: services → applications → VMs →
// hosts → racks, with databases, load balancers, containers and the
// long tail (certificates, domains, cloud resources) that make up
// 100,000 assets and 500,000 relationships.
var inventoryShape = []struct {
	typ   string
	count int
}{
	{"rack", 50}, {"server", 2000}, {"virtual-machine", 40000}, {"container", 10000}, {"database", 1000},
	{"load-balancer", 200}, {"application", 5000}, {"service", 500}, {"certificate", 20000}, {"domain", 10000},
	{"cloud-resource", 11250},
}

func inventoryNDJSON() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	envs := []string{"production", "staging", "development"}
	for _, s := range inventoryShape {
		for i := range s.count {
			attrs := map[string]any{}
			switch s.typ {
			case "server":
				attrs = map[string]any{"serial": fmt.Sprintf("SN%06d", i), "cpuCores": 32, "os": "Debian 12"}
			case "virtual-machine":
				attrs = map[string]any{"cloudId": fmt.Sprintf("i-%08x", i), "cpuCores": 2 + i%8, "memoryMb": 4096}
			case "database":
				attrs = map[string]any{"engine": []string{"postgres", "mysql", "redis"}[i%3], "version": fmt.Sprintf("%d.%d", 10+i%6, i%10)}
			case "application":
				attrs = map[string]any{"language": []string{"go", "java", "python", "typescript"}[i%4], "repository": fmt.Sprintf("git.example.com/app-%d", i)}
			}
			_ = enc.Encode(map[string]any{"type": s.typ, "name": fmt.Sprintf("%s-%05d", s.typ, i), "externalKey": fmt.Sprintf("%s/%d", s.typ, i),
				"environment": envs[i%3], "ownerTeam": fmt.Sprintf("team-%d", i%40), "tags": []string{fmt.Sprintf("zone-%d", i%6)}, "attributes": attrs})
		}
	}
	return b.Bytes()
}

// seedEdges writes 500,000 relationships straight into the table (COPY):
// the import of relationships is not what is measured.
func seedEdges(b *testing.B, pool *pgxpool.Pool) int {
	ctx := context.Background()
	ids := map[string][]string{}
	rows, err := pool.Query(ctx, `SELECT type, id::text FROM assets ORDER BY type, name`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var typ, id string
		_ = rows.Scan(&typ, &id)
		ids[typ] = append(ids[typ], id)
	}
	var edges [][]any
	add := func(typ, src, dst, group string) {
		attrs := map[string]any{}
		if group != "" {
			attrs["redundancyGroup"] = group
		}
		edges = append(edges, []any{uuid.New().String(), typ, src, dst, attrs})
	}
	at := func(typ string, i int) string { l := ids[typ]; return l[i%len(l)] }
	for i, h := range ids["server"] {
		add("contains", at("rack", i/40), h, "")
	}
	for i, vm := range ids["virtual-machine"] {
		add("runs_on", vm, at("server", i/20), "")
	}
	for i, c := range ids["container"] {
		add("runs_on", c, at("virtual-machine", i*4), "")
	}
	for i, d := range ids["database"] {
		add("runs_on", d, at("virtual-machine", 7+i*40), "")
	}
	for i, app := range ids["application"] {
		add("runs_on", app, at("virtual-machine", 1+i*8), "pool")
		add("runs_on", app, at("virtual-machine", 2+i*8+20), "pool")
		add("depends_on", app, at("database", i/5), "")
		add("depends_on", app, at("load-balancer", i/25), "")
		for k := range 3 {
			add("connects_to", app, at("application", i+1+k*97), "")
		}
	}
	for i, svc := range ids["service"] {
		for k := range 10 {
			add("depends_on", svc, at("application", i*10+k), "")
		}
	}
	for i, c := range ids["certificate"] {
		add("owned_by", c, at("service", i), "")
		add("depends_on", at("load-balancer", i), c, "")
	}
	for i, d := range ids["domain"] {
		add("depends_on", at("service", i), d, "")
	}
	for i, cr := range ids["cloud-resource"] {
		add("backed_up_by", at("database", i), cr, "")
		add("depends_on", at("application", i), cr, "")
	}
	// The rest: VMs talking to VMs, each pair once (offsets 1..k of a
	// ring, which never repeat or loop).
	vms := len(ids["virtual-machine"])
	for k := 1; len(edges) < 500_000; k++ {
		for i := 0; i < vms && len(edges) < 500_000; i++ {
			add("connects_to", at("virtual-machine", i), at("virtual-machine", i+k*37), "")
		}
	}
	n, err := pool.CopyFrom(ctx, pgx.Identifier{"asset_relationships"}, []string{"id", "type", "source_id", "target_id", "attributes"}, pgx.CopyFromRows(edges))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `ANALYZE assets; ANALYZE asset_relationships`); err != nil {
		b.Fatal(err)
	}
	return int(n)
}

// p95 runs call n times and returns the 95th percentile in milliseconds.
func p95(b *testing.B, n int, call func() error) float64 {
	var d []time.Duration
	for range n {
		start := time.Now()
		if err := call(); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
	}
	slices.Sort(d)
	return float64(d[len(d)*95/100].Microseconds()) / 1000
}

func httpGet(token, url string) func() error {
	client := &http.Client{Timeout: 30 * time.Second}
	return func() error {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		var body bytes.Buffer
		_, _ = body.ReadFrom(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %d %.300s", url, res.StatusCode, body.String())
		}
		return nil
	}
}

func sqlQuery(pool *pgxpool.Pool, sql string, args ...any) func() error {
	return func() error {
		rows, err := pool.Query(context.Background(), sql, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
		}
		return rows.Err()
	}
}

// BenchmarkAssetInventory seeds 100,000 assets through the import API (and
// imports them again: nothing changes) and 500,000 relationships, then
// measures list, search, impact and graph answers next to the same query
// in plain SQL. b.N is not used: one round is the measurement.
func BenchmarkAssetInventory(b *testing.B) {
	env := baseEnv(b)
	env["RATE_LIMIT_API_PER_MIN"] = "1000000"
	p := startPlatform(b, "dev", env)
	admin := apiClient{t: b, base: p.URL, token: p.adminToken(b)}
	pool, err := pgxpool.New(context.Background(), env["DATABASE_URL"])
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	admin.post("/api/v1/asset-types", `{"name":"rack","title":"Rack"}`)
	file := inventoryNDJSON()
	timed := func(what string) float64 {
		start := time.Now()
		imp := importAndWaitFor(admin, "format=ndjson", file, 10*time.Minute)
		secs := time.Since(start).Seconds()
		b.Logf("%s: %.1f s, created %d updated %d unchanged %d failed %d", what, secs, imp.Created, imp.Updated, imp.Unchanged, imp.Failed)
		if imp.Failed > 0 || imp.Created+imp.Updated+imp.Unchanged != 100_000 {
			b.Fatalf("%s: %+v", what, imp)
		}
		if what == "re-import" && imp.Unchanged != 100_000 {
			b.Fatalf("re-import changed rows: %+v", imp)
		}
		return secs
	}
	b.ReportMetric(timed("import"), "import-100k-s")
	b.ReportMetric(timed("re-import"), "reimport-100k-s")
	b.Logf("seeded %d relationships", seedEdges(b, pool))
	var db, rack string
	_ = pool.QueryRow(context.Background(), `SELECT id FROM assets WHERE type = 'database' ORDER BY name LIMIT 1`).Scan(&db)
	_ = pool.QueryRow(context.Background(), `SELECT id FROM assets WHERE type = 'rack' ORDER BY name LIMIT 1`).Scan(&rack)
	api := p.URL + "/api/v1"
	const n = 200
	cols := `id, type, name, external_key, attributes, tags, owner_team, environment, lifecycle, created_at, updated_at`
	report := func(name string, viaAPI, viaSQL func() error) {
		b.ReportMetric(p95(b, n, viaAPI), name+"-p95-ms")
		b.ReportMetric(p95(b, n, viaSQL), name+"-sql-p95-ms")
	}
	report("list", httpGet(admin.token, api+"/assets?type=virtual-machine&environment=production&tag=zone-3&limit=50"),
		sqlQuery(pool, `SELECT `+cols+` FROM assets WHERE type = 'virtual-machine' AND environment = 'production' AND tags @> '{zone-3}' ORDER BY lower(name), id LIMIT 51`))
	report("search", httpGet(admin.token, api+"/assets?q=postgres+15&limit=50"),
		sqlQuery(pool, `SELECT `+cols+` FROM assets WHERE search @@ to_tsquery('simple', 'postgres:* & 15:*') ORDER BY lower(name), id LIMIT 51`))
	for _, root := range []struct{ name, id string }{{"database", db}, {"rack", rack}} {
		impact := admin.get("/api/v1/assets/" + root.id + "/impact?depth=6")
		b.Logf("impact of a %s to depth 6: %d assets", root.name, len(decode[struct{ Data Impactish }](b, []byte(impact)).Data.Assets))
		report("impact-"+root.name, httpGet(admin.token, api+"/assets/"+root.id+"/impact?depth=6"), sqlQuery(pool, impactSQL, root.id))
	}
	// The smallest depth whose graph has 2,000 nodes or more.
	var graphURL string
	var g assets.Graph
	depth := 4
	for ; depth <= 8; depth++ {
		graphURL = fmt.Sprintf("%s/assets/%s/graph?depth=%d&direction=both&types=contains,runs_on,depends_on", api, rack, depth)
		g = decode[struct{ Data assets.Graph }](b, []byte(admin.get(strings.TrimPrefix(graphURL, p.URL)))).Data
		if len(g.Nodes) >= 2000 {
			break
		}
	}
	b.Logf("graph of a rack to depth %d (contains, runs_on, depends_on): %d nodes, %d edges, truncated %v", depth, len(g.Nodes), len(g.Edges), g.Truncated)
	b.ReportMetric(float64(len(g.Nodes)), "graph-nodes")
	report("graph", httpGet(admin.token, graphURL), sqlQuery(pool, graphSQL, rack, depth))
}

func importAndWaitFor(a apiClient, query string, file []byte, timeout time.Duration) importView {
	a.t.Helper()
	started := a.post("/api/v1/assets/import?"+query, string(file))["import"].(map[string]any)
	id := started["id"].(string)
	var imp importView
	waitUntil(a.t, timeout, "import "+id+" finished", func() (bool, string) {
		body := a.get("/api/v1/asset-imports/" + id)
		imp = decode[struct{ Data importView }](a.t, []byte(body)).Data
		return imp.Status != assets.ImportRunning, body
	})
	return imp
}

// Impactish is the part of an impact answer the benchmark reads.
type Impactish struct{ Assets []struct{ ID string } }

// impactSQL is the dependents of an asset to depth 6 in one recursive
// query (no redundancy groups, no services or paging: the bare walk).
const impactSQL = `WITH RECURSIVE walk(id, depth) AS (
	SELECT $1::uuid, 0
	UNION
	SELECT CASE WHEN r.type IN ('contains', 'member_of') THEN r.target_id ELSE r.source_id END, w.depth + 1
	FROM walk w JOIN asset_relationships r ON r.valid_to IS NULL AND (
		(r.target_id = w.id AND r.type IN ('depends_on', 'runs_on')) OR (r.source_id = w.id AND r.type IN ('contains', 'member_of')))
	WHERE w.depth < 6)
SELECT a.id, a.type, a.name, min(w.depth) FROM walk w JOIN assets a ON a.id = w.id GROUP BY a.id, a.type, a.name`

// graphSQL is the contains/runs_on/depends_on neighbourhood of an asset to a depth,
// nodes and edges, in one recursive query.
const graphSQL = `WITH RECURSIVE walk(id, depth) AS (
	SELECT $1::uuid, 0
	UNION
	SELECT CASE WHEN r.source_id = w.id THEN r.target_id ELSE r.source_id END, w.depth + 1
	FROM walk w JOIN asset_relationships r ON r.valid_to IS NULL AND r.type IN ('contains', 'runs_on', 'depends_on') AND (r.source_id = w.id OR r.target_id = w.id)
	WHERE w.depth < $2),
nodes AS (SELECT id, min(depth) AS depth FROM walk GROUP BY id)
SELECT a.id, a.type, a.name, n.depth, r.id, r.source_id, r.target_id
FROM nodes n JOIN assets a ON a.id = n.id
LEFT JOIN asset_relationships r ON r.source_id = n.id AND r.valid_to IS NULL AND r.type IN ('contains', 'runs_on', 'depends_on') AND r.target_id IN (SELECT id FROM nodes)`
