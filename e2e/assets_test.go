package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/assets"
)

// importView is an import as GET /asset-imports/:id shows it.
type importView struct {
	assets.Import
	TemporalURL string `json:"temporalUrl"`
}

// importAndWait posts a file and waits for its workflow to finish.
func importAndWait(a apiClient, query, file string) importView {
	a.t.Helper()
	started := a.post("/api/v1/assets/import?"+query, file)["import"].(map[string]any)
	id := started["id"].(string)
	var imp importView
	waitUntil(a.t, 60*time.Second, "import "+id+" finished", func() (bool, string) {
		body := a.get("/api/v1/asset-imports/" + id)
		imp = decode[struct{ Data importView }](a.t, []byte(body)).Data
		return imp.Status != assets.ImportRunning, body
	})
	return imp
}

// TestImportingACSVTwiceChangesNothingTheSecondTime runs the import
// workflow on the real stack: good rows land, the bad one is reported
// with its line, and the same file again is all unchanged.
func TestImportingACSVTwiceChangesNothingTheSecondTime(t *testing.T) {
	_, admin := startDev(t)
	file := "type,name,externalKey,environment,tags,attr.cpuCores,attr.ipAddresses\n" +
		"server,web-1,srv-1,production,web;edge,8,10.0.0.1;10.0.0.2\n" +
		"server,web-2,srv-2,production,web,many,\n" +
		"database,orders-db,db-1,production,,,\n"
	first := importAndWait(admin, "format=csv", file)
	if first.Status != assets.ImportCompleted || first.Created != 2 || first.Failed != 1 ||
		len(first.Errors) != 1 || first.Errors[0].Line != 3 || first.Errors[0].Field != "attributes.cpuCores" {
		t.Fatalf("first import: %+v", first)
	}
	if !strings.Contains(first.TemporalURL, "/workflows/asset-import%2F"+first.ID) && !strings.Contains(first.TemporalURL, "/workflows/asset-import/"+first.ID) {
		t.Fatalf("temporal link %s", first.TemporalURL)
	}
	second := importAndWait(admin, "format=csv", file)
	if second.Created != 0 || second.Updated != 0 || second.Unchanged != 2 || second.Failed != 1 {
		t.Fatalf("second import changed something: %+v", second)
	}
	list := admin.get("/api/v1/assets?type=server&q=web")
	if !strings.Contains(list, `"cpuCores":8`) || !strings.Contains(list, `"ipAddresses":["10.0.0.1","10.0.0.2"]`) {
		t.Fatalf("imported server: %s", list)
	}
	atomic := importAndWait(admin, "format=csv&atomic=true", strings.Replace(file, "orders-db", "billing-db", 1))
	if atomic.Status != assets.ImportFailed || atomic.Created != 0 || !strings.Contains(admin.get("/api/v1/assets?q=orders"), "orders-db") ||
		strings.Contains(admin.get("/api/v1/assets?q=billing"), "billing-db") {
		t.Fatalf("atomic import with a bad row: %+v (must write nothing)", atomic)
	}
}

// TestImpactOfADatabaseNamesTheServiceAndItsOnCallPerson: the what-if of
// a database lists the service on top of it and the person on call in the
// schedule its escalation policy pages first.
func TestImpactOfADatabaseNamesTheServiceAndItsOnCallPerson(t *testing.T) {
	_, admin := startDev(t)
	email := "oncall-" + uuid.NewString()[:8] + "@example.com"
	user := admin.post("/api/v1/users", fmt.Sprintf(`{"email":%q,"displayName":"Olga On-Call","password":"a long enough password","roles":["responder"]}`, email))
	ids, _ := json.Marshal([]string{user["id"].(string)})
	schedule := admin.post("/api/v1/schedules", fmt.Sprintf(`{"name":"primary-%s","timeZone":"UTC","rotations":[{"name":"all","shiftType":"weekly","shiftLength":1,"start":"2026-01-01T00:00","userIds":%s}]}`, uuid.NewString()[:6], ids))
	policy := admin.post("/api/v1/escalation-policies", fmt.Sprintf(`{"name":"p-%s","levels":[{"delaySeconds":600,"targets":[{"type":"schedule","id":%q}]}]}`, uuid.NewString()[:6], schedule["id"]))
	service := admin.post("/api/v1/services", fmt.Sprintf(`{"name":"payments-%s","escalationPolicyId":%q}`, uuid.NewString()[:6], policy["id"]))
	svc := admin.post("/api/v1/assets", fmt.Sprintf(`{"type":"service","name":"payments","attributes":{"serviceId":%q}}`, service["id"]))
	app := admin.post("/api/v1/assets", `{"type":"application","name":"payments-api"}`)
	db := admin.post("/api/v1/assets", `{"type":"database","name":"payments-db","attributes":{"engine":"postgres"}}`)
	admin.post("/api/v1/relationships", fmt.Sprintf(`{"type":"depends_on","sourceId":%q,"targetId":%q}`, svc["id"], app["id"]))
	admin.post("/api/v1/relationships", fmt.Sprintf(`{"type":"dependency_of","sourceId":%q,"targetId":%q}`, db["id"], app["id"]))
	body := admin.get("/api/v1/assets/" + db["id"].(string) + "/impact?depth=6")
	impact := decode[struct {
		Data struct {
			Down     int
			Services []struct {
				Name      string
				Status    string
				WouldPage []struct{ Target, Name string }
			}
		}
	}](t, []byte(body)).Data
	if impact.Down != 3 || len(impact.Services) != 1 || impact.Services[0].Name != "payments" || impact.Services[0].Status != "down" ||
		len(impact.Services[0].WouldPage) != 1 || impact.Services[0].WouldPage[0].Target != email {
		t.Fatalf("impact of payments-db: %s", body)
	}
}
