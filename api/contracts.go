package api

import (
	"net/http"
	"reflect"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

// routeContract is a route's request and response: what the OpenAPI document
// says about it, and what the dashboard's generated types come from.
type routeContract struct {
	summary string
	req     reflect.Type // the JSON body, nil for none
	resp    reflect.Type // the envelope's data, nil for 204 No Content
	status  int          // the success status: 200 unless set
	paged   bool         // the envelope also carries pagination
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// get, create, update and remove describe the usual shapes.
func get[Resp any](summary string) routeContract {
	return routeContract{summary: summary, resp: typeOf[Resp]()}
}
func list[Item any](summary string) routeContract {
	return routeContract{summary: summary, resp: typeOf[[]Item](), paged: true}
}
func write[Req, Resp any](summary string, status int) routeContract {
	return routeContract{summary: summary, req: typeOf[Req](), resp: typeOf[Resp](), status: status}
}
func act[Resp any](summary string) routeContract {
	return routeContract{summary: summary, resp: typeOf[Resp]()}
}
func remove(summary string) routeContract {
	return routeContract{summary: summary, status: http.StatusNoContent}
}

type (
	recoveryCodes struct {
		RecoveryCodes []string `json:"recoveryCodes"`
	}
)

// contracts maps "METHOD /path" (below /api/v1) to its routeContract. A test
// fails when a routed endpoint has none or a routeContract has no route.
func contracts() map[string]routeContract {
	c := map[string]routeContract{
		"POST /auth/login":       write[loginRequest, SessionBody]("Sign in (then MFA, when enrolled)", 200),
		"POST /auth/refresh":     act[SessionBody]("Swap the refresh cookie for a new access token"),
		"POST /auth/logout":      remove("End this session"),
		"POST /auth/logout-all":  remove("End every session of the caller"),
		"GET /auth/me":           get[MeBody]("Who is signed in, with their permissions"),
		"POST /auth/password":    write[passwordChangeRequest, SessionBody]("Change your own password (other sessions end)", 200),
		"POST /auth/mfa/enroll":  act[EnrollBody]("Start MFA enrolment: a TOTP secret and its QR code"),
		"POST /auth/mfa/confirm": write[mfaCodeRequest, recoveryCodes]("Confirm MFA with a code; returns recovery codes once", 200),
		"POST /auth/mfa/disable": {summary: "Turn MFA off (needs the password and a code)", req: typeOf[mfaDisableRequest](), status: 204},

		"GET /users":                get[[]domain.User]("List users"),
		"POST /users":               write[createUserRequest, domain.User]("Create a user", 201),
		"GET /users/:id":            get[domain.User]("Get a user"),
		"PATCH /users/:id":          write[updateUserRequest, domain.User]("Change a user (name, roles, active, password)", 200),
		"POST /users/:id/mfa/reset": remove("Turn off a user's MFA (lost device)"),
		"GET /roles":                get[[]domain.Role]("List roles"),
		"POST /roles":               write[roleRequest, domain.Role]("Create a role", 201),
		"PATCH /roles/:name":        write[roleRequest, domain.Role]("Change a role", 200),
		"DELETE /roles/:name":       remove("Delete a role"),
		"GET /permissions":          get[[]domain.PermissionInfo]("List grantable permissions"),
		"GET /tokens":               get[[]domain.APIToken]("List API tokens"),
		"POST /tokens":              write[createTokenRequest, CreatedToken]("Create an API token (shown once)", 201),
		"DELETE /tokens/:id":        act[domain.APIToken]("Revoke an API token"),
		"GET /audit":                {summary: "Read the audit log", resp: typeOf[[]domain.AuditEntry](), paged: true},

		"GET /playbooks":             get[[]domain.PlaybookView]("List playbooks with their parameter schemas"),
		"GET /playbooks/:name":       get[domain.PlaybookView]("Get a playbook"),
		"POST /playbooks/:name/runs": write[startRunRequest, runView]("Start a run", 201),
		"GET /runs":                  list[runView]("List runs"),
		"GET /runs/:id":              get[runView]("Get a run with its steps"),
		"POST /runs/:id/cancel":      act[runView]("Cancel a run"),
		"POST /runs/:id/approve":     write[decisionRequest, runView]("Approve a run waiting for approval", 200),
		"POST /runs/:id/reject":      write[decisionRequest, runView]("Reject a run waiting for approval", 200),
		"GET /runs/:id/logs":         {summary: "A run's output, after a cursor", resp: typeOf[[]domain.LogLine](), paged: true},

		"GET /servers":                     list[domain.Server]("List servers"),
		"POST /servers":                    write[createServerRequest, domain.Server]("Register a server", 201),
		"GET /servers/:id":                 get[domain.Server]("Get a server"),
		"PATCH /servers/:id":               write[updateServerRequest, domain.Server]("Change a server", 200),
		"DELETE /servers/:id":              remove("Delete a server"),
		"POST /servers/:id/test":           act[domain.ServerTestResult]("Test the connection (shows an unpinned key's fingerprint)"),
		"POST /servers/:id/host-key":       write[trustHostKeyRequest, domain.Server]("Trust the fingerprint a test showed", 200),
		"POST /servers/:id/host-key/reset": act[domain.Server]("Forget the pinned host key"),
		"GET /credentials":                 get[[]domain.Credential]("List credentials (never their secrets)"),
		"POST /credentials":                write[createCredentialRequest, domain.Credential]("Store a credential, sealed", 201),
		"GET /credentials/:id":             get[domain.Credential]("Get a credential"),
		"PATCH /credentials/:id":           write[updateCredentialRequest, domain.Credential]("Rename or replace a credential", 200),
		"DELETE /credentials/:id":          remove("Delete a credential"),

		"GET /incidents":                   list[IncidentView]("List incidents"),
		"POST /incidents":                  write[createIncidentRequest, IncidentView]("Open an incident (deduplicated by dedupKey)", 201),
		"GET /incidents/:id":               get[IncidentView]("Get an incident with its runs"),
		"GET /incidents/:id/timeline":      get[[]domain.TimelineEvent]("An incident's timeline"),
		"GET /incidents/:id/notifications": get[[]domain.Delivery]("Pages sent for an incident"),
		"GET /metrics/incidents":           get[store.IncidentMetrics]("MTTA, MTTR and counts over a period"),
		"POST /alerts":                     write[alertRequest, AlertResult]("Send an alert in (opens, joins or resolves an incident)", 200),
		"POST /integrations/alertmanager":  write[alertmanagerPayload, []AlertResult]("Alertmanager's webhook", 200),
		"GET /events":                      {summary: "Live updates (text/event-stream)"},

		"GET /escalation-policies":        get[[]domain.EscalationPolicy]("List escalation policies (webhook URLs masked)"),
		"POST /escalation-policies":       write[policyRequest, domain.EscalationPolicy]("Create an escalation policy", 201),
		"GET /escalation-policies/:id":    get[domain.EscalationPolicy]("Get an escalation policy"),
		"PATCH /escalation-policies/:id":  write[policyRequest, domain.EscalationPolicy]("Change an escalation policy", 200),
		"DELETE /escalation-policies/:id": remove("Delete an escalation policy"),
		"GET /sla-policies":               get[[]domain.SLAPolicy]("List SLA policies"),
		"POST /sla-policies":              write[slaRequest, domain.SLAPolicy]("Create an SLA policy", 201),
		"GET /sla-policies/:id":           get[domain.SLAPolicy]("Get an SLA policy"),
		"PATCH /sla-policies/:id":         write[slaRequest, domain.SLAPolicy]("Change an SLA policy", 200),
		"DELETE /sla-policies/:id":        remove("Delete an SLA policy"),
		"GET /services":                   get[[]domain.Service]("List services"),
		"POST /services":                  write[serviceRequest, domain.Service]("Create a service", 201),
		"GET /services/:id":               get[domain.Service]("Get a service"),
		"PATCH /services/:id":             write[serviceRequest, domain.Service]("Change a service", 200),
		"DELETE /services/:id":            remove("Delete a service"),

		"GET /schedules":                              list[domain.Schedule]("List on-call schedules"),
		"POST /schedules":                             write[createScheduleRequest, domain.Schedule]("Create a schedule", 201),
		"GET /schedules/:id":                          get[domain.Schedule]("Get a schedule"),
		"PATCH /schedules/:id":                        write[updateScheduleRequest, domain.Schedule]("Change a schedule", 200),
		"DELETE /schedules/:id":                       remove("Delete a schedule"),
		"POST /schedules/:id/overrides":               write[overrideRequest, domain.Override]("Add an override", 201),
		"DELETE /schedules/:id/overrides/:overrideId": remove("Remove an override"),
		"GET /schedules/:id/oncall":                   get[OnCallView]("Who is on call now, and who is next"),
		"GET /openapi.json":                           {summary: "This document"},
	}
	for _, a := range incidentActions {
		c["POST /incidents/:id/"+string(a)] = write[actionRequest, IncidentView]("Incident action: "+string(a), 200)
	}
	return c
}
