package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestIncidentsNameAssetsAndShowTheirBlastRadius: an incident opened with
// assetIds, and one opened by an Alertmanager alert whose instance label
// is an asset's name (port and all), each have the asset's blast radius.
func TestIncidentsNameAssetsAndShowTheirBlastRadius(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	serviceID := s.createService(t, "Checkout")
	svc := s.createAsset(t, `{"type":"service","name":"checkout","attributes":{"serviceId":"`+serviceID+`"}}`)
	host := s.createAsset(t, `{"type":"server","name":"web-1","attributes":{"ipAddresses":["10.1.2.3"]}}`)
	s.relate(t, svc.ID, "runs_on", host.ID, "")

	res, b := s.do(t, "POST", "/api/v1/incidents", fmt.Sprintf(`{"serviceId":%q,"title":"bad","severity":"high","assetIds":["%s","01a21300-0000-7000-8000-000000000000","x"]}`, serviceID, host.ID))
	if res.StatusCode != 400 || fieldsOf(t, b)["assetIds[1]"] != "is not an asset" || fieldsOf(t, b)["assetIds[2]"] == "" {
		t.Fatalf("unknown assets: %d %s, want 400 naming assetIds[1] and [2]", res.StatusCode, b)
	}
	res, b = s.do(t, "POST", "/api/v1/incidents", fmt.Sprintf(`{"serviceId":%q,"title":"web-1 down","severity":"high","assetIds":[%q]}`, serviceID, host.ID))
	if res.StatusCode != 201 {
		t.Fatalf("incident with assets: %d %s", res.StatusCode, b)
	}
	var inc struct{ Data struct{ ID string } }
	_ = json.Unmarshal(b, &inc)
	blast := func(id string) IncidentImpact {
		t.Helper()
		res, b := s.do(t, "GET", "/api/v1/incidents/"+id+"/impact", "")
		if res.StatusCode != 200 {
			t.Fatalf("incident impact: %d %s", res.StatusCode, b)
		}
		var out struct{ Data IncidentImpact }
		_ = json.Unmarshal(b, &out)
		return out.Data
	}
	if got := blast(inc.Data.ID); len(got.Assets) != 1 || got.Impact.Down != 2 || len(got.Impact.Services) != 1 || got.Impact.Services[0].ServiceName != "Checkout" {
		t.Fatalf("blast radius %+v, want web-1 and the checkout service down", got)
	}

	alert := strings.Replace(alertmanagerV035Body, `"instance":"web-1"`, `"instance":"10.1.2.3:9100"`, 1)
	res, b = s.do(t, "POST", "/api/v1/integrations/alertmanager?serviceId="+serviceID, alert)
	if res.StatusCode != 202 && res.StatusCode != 201 {
		t.Fatalf("alert: %d %s", res.StatusCode, b)
	}
	var am struct {
		Data []struct{ Incident struct{ ID string } }
	}
	_ = json.Unmarshal(b, &am)
	if got := blast(am.Data[0].Incident.ID); len(got.Assets) != 1 || got.Assets[0].Name != "web-1" {
		t.Fatalf("alert with instance 10.1.2.3:9100 linked %+v, want web-1 (by its IP address)", got.Assets)
	}
	res, b = s.do(t, "GET", "/api/v1/assets/"+host.ID+"/incidents", "")
	if res.StatusCode != 200 || strings.Count(string(b), `"serviceId"`) != 2 {
		t.Fatalf("incidents of web-1: %d %s, want both", res.StatusCode, b)
	}
	res, b = s.do(t, "GET", "/api/v1/services/"+serviceID+"/assets", "")
	if res.StatusCode != 200 || !strings.Contains(string(b), `"name":"web-1"`) || !strings.Contains(string(b), `"name":"checkout"`) {
		t.Fatalf("assets behind the service: %d %s", res.StatusCode, b)
	}
}
