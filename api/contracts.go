package api

// summaries maps "METHOD /path" (below /api/v1) to the one line the
// document says of it; the route table's handlers carry the types. A test
// fails when a routed endpoint has no summary or a summary no route.
func summaries() map[string]string {
	c := map[string]string{
		"POST /auth/login":       "Sign in (then MFA, when enrolled)",
		"POST /auth/refresh":     "Swap the refresh cookie for a new access token",
		"POST /auth/logout":      "End this session",
		"POST /auth/logout-all":  "End every session of the caller",
		"GET /auth/me":           "Who is signed in, with their permissions",
		"POST /auth/password":    "Change your own password (other sessions end)",
		"POST /auth/mfa/enroll":  "Start MFA enrolment: a TOTP secret and its QR code",
		"POST /auth/mfa/confirm": "Confirm MFA with a code; returns recovery codes once",
		"POST /auth/mfa/disable": "Turn MFA off (needs the password and a code)",

		"GET /users":                "List users",
		"POST /users":               "Create a user",
		"GET /users/:id":            "Get a user",
		"PATCH /users/:id":          "Change a user (name, roles, active, password)",
		"POST /users/:id/mfa/reset": "Turn off a user's MFA (lost device)",
		"GET /roles":                "List roles",
		"POST /roles":               "Create a role",
		"PATCH /roles/:name":        "Change a role",
		"DELETE /roles/:name":       "Delete a role",
		"GET /permissions":          "List grantable permissions",
		"GET /tokens":               "List API tokens",
		"POST /tokens":              "Create an API token (shown once)",
		"DELETE /tokens/:id":        "Revoke an API token",
		"GET /audit":                "Read the audit log",

		"GET /playbooks":             "List playbooks with their parameter schemas",
		"GET /playbooks/:name":       "Get a playbook",
		"POST /playbooks/:name/runs": "Start a run",
		"GET /runs":                  "List runs",
		"GET /runs/:id":              "Get a run with its steps",
		"POST /runs/:id/cancel":      "Cancel a run",
		"POST /runs/:id/approve":     "Approve a run waiting for approval",
		"POST /runs/:id/reject":      "Reject a run waiting for approval",
		"GET /runs/:id/logs":         "A run's output, after a cursor",

		"GET /servers":                     "List servers",
		"POST /servers":                    "Register a server",
		"GET /servers/:id":                 "Get a server",
		"PATCH /servers/:id":               "Change a server",
		"DELETE /servers/:id":              "Delete a server",
		"POST /servers/:id/test":           "Test the connection (shows an unpinned key's fingerprint)",
		"POST /servers/:id/host-key":       "Trust the fingerprint a test showed",
		"POST /servers/:id/host-key/reset": "Forget the pinned host key",
		"GET /credentials":                 "List credentials (never their secrets)",
		"POST /credentials":                "Store a credential, sealed",
		"GET /credentials/:id":             "Get a credential",
		"PATCH /credentials/:id":           "Rename or replace a credential",
		"DELETE /credentials/:id":          "Delete a credential",

		"GET /incidents":                   "List incidents",
		"POST /incidents":                  "Open an incident (deduplicated by dedupKey)",
		"GET /incidents/:id":               "Get an incident with its runs",
		"GET /incidents/:id/timeline":      "An incident's timeline",
		"GET /incidents/:id/notifications": "Pages sent for an incident",
		"GET /metrics/incidents":           "MTTA, MTTR and counts over a period",
		"POST /alerts":                     "Send an alert in (opens, joins or resolves an incident)",
		"POST /integrations/alertmanager":  "Alertmanager's webhook",
		"GET /events":                      "Live updates (text/event-stream)",

		"GET /escalation-policies":        "List escalation policies (webhook URLs masked)",
		"POST /escalation-policies":       "Create an escalation policy",
		"GET /escalation-policies/:id":    "Get an escalation policy",
		"PATCH /escalation-policies/:id":  "Change an escalation policy",
		"DELETE /escalation-policies/:id": "Delete an escalation policy",
		"GET /sla-policies":               "List SLA policies",
		"POST /sla-policies":              "Create an SLA policy",
		"GET /sla-policies/:id":           "Get an SLA policy",
		"PATCH /sla-policies/:id":         "Change an SLA policy",
		"DELETE /sla-policies/:id":        "Delete an SLA policy",
		"GET /services":                   "List services",
		"POST /services":                  "Create a service",
		"GET /services/:id":               "Get a service",
		"PATCH /services/:id":             "Change a service",
		"DELETE /services/:id":            "Delete a service",

		"GET /schedules":                              "List on-call schedules",
		"POST /schedules":                             "Create a schedule",
		"GET /schedules/:id":                          "Get a schedule",
		"PATCH /schedules/:id":                        "Change a schedule",
		"DELETE /schedules/:id":                       "Delete a schedule",
		"POST /schedules/:id/overrides":               "Add an override",
		"DELETE /schedules/:id/overrides/:overrideId": "Remove an override",
		"GET /schedules/:id/oncall":                   "Who is on call now, and who is next",
		"GET /openapi.json":                           "This document",
	}
	for _, a := range incidentActions {
		c["POST /incidents/:id/"+string(a)] = "Incident action: " + string(a)
	}
	return c
}
