package assets

import "sort"

// Status is what a failure does to an asset.
type Status string

// Statuses, from worst.
const (
	Down     Status = "down"
	Degraded Status = "degraded"
	Up       Status = ""
)

// Dependency says Dependent fails when Dependency does, unless Group has
// another member still up. It is an edge read the way failure runs:
// "app depends_on db" is {app, db}; "rack contains host" is {host, rack};
// "node member_of cluster" is {cluster, node} in the group of all the
// cluster's members.
type Dependency struct {
	Dependent  string
	Dependency string
	Group      string // "" means the edge is alone in its group
	EdgeID     string
}

// FailureEdge turns a stored (forward) relationship into the dependency it
// means for failure, or false if failure does not run along it.
func FailureEdge(r Relationship) (Dependency, bool) {
	rt, _, ok := LookupRelationship(r.Type)
	if !ok || !rt.Propagates {
		return Dependency{}, false
	}
	d := Dependency{Dependent: r.SourceID, Dependency: r.TargetID, Group: r.Attributes.RedundancyGroup, EdgeID: r.ID}
	if rt.Reversed {
		d.Dependent, d.Dependency = r.TargetID, r.SourceID
	}
	if rt.Name == "member_of" {
		d.Group = "members"
	}
	return d, true
}

// Affected is one asset a failure reaches: how bad, and how many edges
// away from the nearest failed root.
type Affected struct {
	ID       string `json:"id"`
	Status   Status `json:"status"`
	Distance int    `json:"distance"`
}

// Propagate works out what fails when roots fail, given every dependency
// of the assets that might be affected (those within reach of the roots;
// dependencies on assets outside it count as up). An asset is down when
// all members of one of its groups are down, and degraded when one of its
// dependencies is down or degraded but none of its groups is all down.
// Roots are down at distance 0; the result is sorted by distance, then ID.
func Propagate(roots []string, deps []Dependency) []Affected {
	status := map[string]Status{}
	dist := map[string]int{}
	for _, r := range roots {
		status[r], dist[r] = Down, 0
	}
	byDependent := map[string][]Dependency{}
	dependents := map[string][]string{}
	for _, d := range deps {
		byDependent[d.Dependent] = append(byDependent[d.Dependent], d)
		dependents[d.Dependency] = append(dependents[d.Dependency], d.Dependent)
	}
	// Breadth first from the roots; an asset is looked at again whenever
	// one of its dependencies gets worse, so statuses only rise and the
	// loop ends even on cycles.
	queue := append([]string(nil), roots...)
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, dep := range dependents[cur] {
			s := judge(byDependent[dep], status)
			if worse(s, status[dep]) {
				status[dep] = s
				if _, seen := dist[dep]; !seen {
					dist[dep] = dist[cur] + 1
				}
				queue = append(queue, dep)
			}
		}
	}
	out := make([]Affected, 0, len(status))
	for id, s := range status {
		out = append(out, Affected{ID: id, Status: s, Distance: dist[id]})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Distance != out[j].Distance {
			return out[i].Distance < out[j].Distance
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// judge is an asset's status from its dependencies' statuses.
func judge(deps []Dependency, status map[string]Status) Status {
	type tally struct{ members, down int }
	groups := map[string]*tally{}
	worst := Up
	for _, d := range deps {
		key := d.Group
		if key == "" {
			key = "edge:" + d.EdgeID + ":" + d.Dependency
		}
		g := groups[key]
		if g == nil {
			g = &tally{}
			groups[key] = g
		}
		g.members++
		switch status[d.Dependency] {
		case Down:
			g.down++
			worst = Degraded
		case Degraded:
			worst = Degraded
		}
	}
	for _, g := range groups {
		if g.down == g.members {
			return Down
		}
	}
	return worst
}

func worse(a, b Status) bool { return rank(a) > rank(b) }

func rank(s Status) int {
	switch s {
	case Down:
		return 2
	case Degraded:
		return 1
	}
	return 0
}
