// Package workflows holds OpsManager's Temporal workflows: the playbook
// runner (workflows/playbooks holds the playbooks themselves) and, later,
// incidents, escalation and SLA timers. Workflow code is deterministic: it
// never touches the network, the database, the clock or randomness directly.
package workflows

import (
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
)

// PlaybookWorkflowID is the workflow ID of one playbook run.
func PlaybookWorkflowID(playbook, runID string) string {
	return "playbook/" + playbook + "/" + runID
}

// PlaybookWorkflowType is the Temporal workflow type of a playbook.
func PlaybookWorkflowType(playbook string) string {
	return "playbook." + playbook
}

// Custom search attributes, so engineers can find runs in the Temporal UI.
var (
	AttrRunID       = temporal.NewSearchAttributeKeyKeyword("OpsRunId")
	AttrPlaybook    = temporal.NewSearchAttributeKeyKeyword("OpsPlaybook")
	AttrRequestedBy = temporal.NewSearchAttributeKeyKeyword("OpsRequestedBy")
	AttrStatus      = temporal.NewSearchAttributeKeyKeyword("OpsStatus")
	AttrIncidentID  = temporal.NewSearchAttributeKeyKeyword("OpsIncidentId")
	AttrService     = temporal.NewSearchAttributeKeyKeyword("OpsService")
	AttrSeverity    = temporal.NewSearchAttributeKeyKeyword("OpsSeverity")
)

// SearchAttributeTypes lists every custom search attribute and its type, for
// registration with the Temporal server.
func SearchAttributeTypes() map[string]enums.IndexedValueType {
	out := map[string]enums.IndexedValueType{}
	for _, k := range []temporal.SearchAttributeKeyKeyword{AttrRunID, AttrPlaybook, AttrRequestedBy,
		AttrStatus, AttrIncidentID, AttrService, AttrSeverity} {
		out[k.GetName()] = enums.INDEXED_VALUE_TYPE_KEYWORD
	}
	return out
}
