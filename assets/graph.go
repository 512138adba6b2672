package assets

import "time"

// Direction is which edges a graph walk follows from an asset: down to
// what it points at (depends on, runs on, contains), up to what points at
// it, or both.
type Direction string

// Directions.
const (
	Downward Direction = "down"
	Upward   Direction = "up"
	Both     Direction = "both"
)

// GraphQuery is a walk of the relationship graph.
type GraphQuery struct {
	Roots     []string
	Depth     int
	Direction Direction
	Types     []string   // forward relationship names; empty: all
	AsOf      *time.Time // nil: now
	MaxNodes  int
}

// Graph is the part of the graph a walk reached: its assets and the edges
// between them. Truncated says MaxNodes stopped the walk.
type Graph struct {
	Nodes     []GraphNode    `json:"nodes"`
	Edges     []Relationship `json:"edges"`
	Truncated bool           `json:"truncated"`
}

// GraphNode is an asset as a graph shows it, with its distance from the
// nearest root.
type GraphNode struct {
	ID          string    `json:"id"`
	Type        string    `json:"type"`
	Name        string    `json:"name"`
	Environment string    `json:"environment"`
	Lifecycle   Lifecycle `json:"lifecycle"`
	Depth       int       `json:"depth"`
}
