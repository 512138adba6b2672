package domain

import "sort"

// Permission names an action a user or API token may be granted.
type Permission string

// Permissions checked by the API.
const (
	PermPlaybooksRead    Permission = "playbooks:read"
	PermPlaybooksRun     Permission = "playbooks:run"
	PermPlaybooksApprove Permission = "playbooks:approve"
	PermIncidentsRead    Permission = "incidents:read"
	PermIncidentsWrite   Permission = "incidents:write"
	PermServersRead      Permission = "servers:read"
	PermServersWrite     Permission = "servers:write"
	// PermServersHostKeyReset clears or replaces a pinned host key: the one
	// thing that lets OpsManager log in to a different machine under a
	// known server's name, so it is not part of servers:write.
	PermServersHostKeyReset Permission = "servers:host-key-reset"
	PermCredentialsWrite    Permission = "credentials:write"
	PermAssetsRead          Permission = "assets:read"
	PermAssetsWrite         Permission = "assets:write"
	// PermAssetsAdmin manages asset types and their schemas, and deletes
	// assets together with their relationships.
	PermAssetsAdmin Permission = "assets:admin"
	PermUsersAdmin  Permission = "users:admin"
	PermAuditRead   Permission = "audit:read"
	PermAlertsWrite Permission = "alerts:write"
	// PermTemporalDecode reads Temporal payloads in clear through the
	// codec endpoint (the Temporal UI's codec server).
	PermTemporalDecode Permission = "temporal:decode"

	// PermAuthenticated marks routes open to any signed-in principal (their
	// own profile, sign-out, MFA enrolment). It is never granted explicitly.
	PermAuthenticated Permission = "authenticated"
)

// PermPlaybooksRunCommand starts the run-command playbook, which runs
// anything on servers; only admins hold it by default.
const PermPlaybooksRunCommand Permission = "playbooks:run-command"

// PermissionInfo describes a grantable permission.
type PermissionInfo struct {
	Name        Permission `json:"name"`
	Description string     `json:"description"`
}

// Permissions lists every grantable permission.
var Permissions = []PermissionInfo{
	{PermPlaybooksRead, "See playbooks and their runs"},
	{PermPlaybooksRun, "Start and cancel playbook runs"},
	{PermPlaybooksApprove, "Approve or reject risky playbook steps"},
	{PermPlaybooksRunCommand, "Run arbitrary commands on servers (the run-command playbook)"},
	{PermIncidentsRead, "See incidents, services, policies and schedules"},
	{PermIncidentsWrite, "Create and work incidents, manage services, policies and schedules"},
	{PermServersRead, "See servers"},
	{PermServersWrite, "Add, change and remove servers, and trust a new server's host key"},
	{PermServersHostKeyReset, "Clear or replace a server's pinned host key"},
	{PermCredentialsWrite, "Store and replace server credentials"},
	{PermAssetsRead, "See assets, their relationships, history and impact"},
	{PermAssetsWrite, "Add, change, relate and import assets"},
	{PermAssetsAdmin, "Manage asset types and their schemas"},
	{PermUsersAdmin, "Manage users, roles and API tokens"},
	{PermAuditRead, "Read the audit log"},
	{PermAlertsWrite, "Send alerts in (for monitoring systems' API tokens)"},
	{PermTemporalDecode, "Read workflow payloads in clear in the Temporal UI (codec server)"},
}

// KnownPermission reports whether p can be granted.
func KnownPermission(p Permission) bool {
	for _, info := range Permissions {
		if info.Name == p {
			return true
		}
	}
	return false
}

func allPermissions() []Permission {
	out := make([]Permission, 0, len(Permissions))
	for _, p := range Permissions {
		out = append(out, p.Name)
	}
	return out
}

// Built-in roles. Their permissions live here, in code, so every release
// ships them consistently; admins add custom roles in the database.
var BuiltinRoles = map[string][]Permission{
	"admin": allPermissions(),
	"operator": {PermPlaybooksRead, PermPlaybooksRun, PermPlaybooksApprove, PermIncidentsRead, PermIncidentsWrite,
		PermServersRead, PermServersWrite, PermCredentialsWrite, PermAssetsRead, PermAssetsWrite},
	"responder": {PermPlaybooksRead, PermPlaybooksRun, PermIncidentsRead, PermIncidentsWrite, PermServersRead, PermAssetsRead},
	"viewer":    {PermPlaybooksRead, PermIncidentsRead, PermServersRead, PermAssetsRead},
}

// PermissionSet is a set of granted permissions.
type PermissionSet map[Permission]bool

// NewPermissionSet builds a set from lists.
func NewPermissionSet(lists ...[]Permission) PermissionSet {
	s := PermissionSet{}
	for _, l := range lists {
		for _, p := range l {
			s[p] = true
		}
	}
	return s
}

// Has reports whether p is granted. PermAuthenticated is always granted to
// a principal that has a set at all.
func (s PermissionSet) Has(p Permission) bool {
	return p == PermAuthenticated || s[p]
}

// Sorted returns the permissions in name order.
func (s PermissionSet) Sorted() []Permission {
	out := make([]Permission, 0, len(s))
	for p := range s {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
