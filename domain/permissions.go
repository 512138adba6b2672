package domain

// Permission names an action a user or API token may be granted.
type Permission string

// Permissions checked by the API. Identity and roles build on these.
const (
	PermPlaybooksRead    Permission = "playbooks:read"
	PermPlaybooksRun     Permission = "playbooks:run"
	PermPlaybooksApprove Permission = "playbooks:approve"
	PermIncidentsRead    Permission = "incidents:read"
	PermIncidentsWrite   Permission = "incidents:write"
	PermServersRead      Permission = "servers:read"
	PermServersWrite     Permission = "servers:write"
	PermCredentialsWrite Permission = "credentials:write"
	PermUsersAdmin       Permission = "users:admin"
	PermAuditRead        Permission = "audit:read"
)
