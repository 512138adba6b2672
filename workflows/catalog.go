package workflows

import (
	"fmt"
	"regexp"
	"sort"

	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/domain"
)

// Definition is a playbook: its metadata and its Go code.
type Definition struct {
	domain.Playbook
	// Run is the playbook's body. It calls step helpers on rb and returns the
	// run's output, shown in the run view.
	Run func(rb *Runbook, params Params) (map[string]any, error)
	// Check validates what the per-parameter rules cannot (for example
	// "give url or urls"); it runs in the API before the run starts.
	Check func(params Params) []domain.FieldError
}

// WorkflowRegistry is the part of a Temporal worker (or replayer) that
// registers workflows.
type WorkflowRegistry interface {
	RegisterWorkflowWithOptions(w interface{}, options workflow.RegisterOptions)
}

// Catalog is the registry of playbooks.
type Catalog struct {
	byName map[string]Definition
}

var playbookName = regexp.MustCompile(`^[a-z][a-z0-9-]{1,62}$`)

// NewCatalog checks defs and returns a catalog of them.
func NewCatalog(defs ...Definition) (*Catalog, error) {
	c := &Catalog{byName: map[string]Definition{}}
	for _, d := range defs {
		if err := check(d); err != nil {
			return nil, err
		}
		if _, dup := c.byName[d.Name]; dup {
			return nil, fmt.Errorf("playbook %q registered twice", d.Name)
		}
		c.byName[d.Name] = d
	}
	return c, nil
}

func check(d Definition) error {
	if !playbookName.MatchString(d.Name) {
		return fmt.Errorf("playbook name %q must be lowercase letters, digits and dashes", d.Name)
	}
	if d.Run == nil || d.Title == "" || d.Timeout <= 0 || d.Permission == "" {
		return fmt.Errorf("playbook %q needs a Run function, a title, a timeout and a permission", d.Name)
	}
	for _, p := range d.Params {
		if p.Pattern != "" {
			if _, err := regexp.Compile(p.Pattern); err != nil {
				return fmt.Errorf("playbook %q parameter %q: bad pattern: %w", d.Name, p.Name, err)
			}
		}
	}
	return nil
}

// Lookup returns the playbook called name.
func (c *Catalog) Lookup(name string) (Definition, bool) {
	d, ok := c.byName[name]
	return d, ok
}

// List returns every playbook, sorted by name.
func (c *Catalog) List() []Definition {
	out := make([]Definition, 0, len(c.byName))
	for _, d := range c.byName {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Register registers one workflow type per playbook with r.
func (c *Catalog) Register(r WorkflowRegistry) {
	for _, d := range c.List() {
		r.RegisterWorkflowWithOptions(PlaybookWorkflow(d), workflow.RegisterOptions{Name: PlaybookWorkflowType(d.Name)})
	}
}
