// Package contract is the Temporal contract of OpsManager: the inputs and
// results of every workflow and activity, the payloads of signals, updates
// and queries, their names, and the error types activities fail with. What
// is here is written into workflow histories, so a change to a type's JSON
// shape is a change to recorded histories: replay tests guard it.
//
// It imports nothing of OpsManager but domain; stores and the API convert
// to and from these types at their edges.
package contract
