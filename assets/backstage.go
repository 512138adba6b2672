package assets

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// entity is the part of a Backstage catalog entity (catalog-info.yaml)
// the import reads.
type entity struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name        string            `yaml:"name"`
		Namespace   string            `yaml:"namespace"`
		Title       string            `yaml:"title"`
		Description string            `yaml:"description"`
		Tags        []string          `yaml:"tags"`
		Annotations map[string]string `yaml:"annotations"`
	} `yaml:"metadata"`
	Spec struct {
		Type      string   `yaml:"type"`
		Lifecycle string   `yaml:"lifecycle"`
		Owner     string   `yaml:"owner"`
		System    string   `yaml:"system"`
		DependsOn []string `yaml:"dependsOn"`
	} `yaml:"spec"`
}

// parseBackstage reads the documents of catalog-info.yaml files:
// Components become applications (services when spec.type is service),
// Resources databases or cloud resources, Systems services. Each is keyed
// by its entity reference (component:default/checkout); dependsOn become
// depends_on edges and spec.system a member_of edge. Groups, Users,
// Domains, APIs and Locations are skipped.
func parseBackstage(data []byte) ([]Row, []RowError) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var rows []Row
	var bad []RowError
	for {
		var node yaml.Node
		err := dec.Decode(&node)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rows, append(bad, RowError{Message: "is not YAML: " + err.Error()})
		}
		var e entity
		if err := node.Decode(&e); err != nil {
			bad = append(bad, RowError{Line: node.Line, Message: "is not a catalog entity: " + err.Error()})
			continue
		}
		if !strings.HasPrefix(e.APIVersion, "backstage.io/") {
			bad = append(bad, RowError{Line: node.Line, Field: "apiVersion", Message: "must be backstage.io/v1alpha1 or v1beta1"})
			continue
		}
		if row, ok := entityRow(e, node.Line); ok {
			rows = append(rows, row)
		}
	}
	return rows, bad
}

func entityRow(e entity, line int) (Row, bool) {
	kind := strings.ToLower(e.Kind)
	typ := map[string]string{"component": "application", "resource": "cloud-resource", "system": "service"}[kind]
	switch {
	case typ == "":
		return Row{}, false
	case kind == "component" && e.Spec.Type == "service":
		typ = "service"
	case kind == "resource" && e.Spec.Type == "database":
		typ = "database"
	}
	row := Row{Line: line, Type: typ, Name: e.Metadata.Name, ExternalKey: entityRef(kind, e.Metadata.Namespace, e.Metadata.Name),
		Attributes: map[string]any{"backstageKind": e.Kind}}
	for k, v := range map[string]string{"title": e.Metadata.Title, "description": e.Metadata.Description, "backstageType": e.Spec.Type} {
		if v != "" {
			row.Attributes[k] = v
		}
	}
	tags := append([]string{}, e.Metadata.Tags...)
	lifecycle := Active
	switch e.Spec.Lifecycle {
	case "experimental":
		lifecycle = Planned
	case "deprecated":
		tags = append(tags, "deprecated")
	}
	row.Tags, row.Lifecycle = &tags, &lifecycle
	if owner := shortRef(e.Spec.Owner); owner != "" {
		row.OwnerTeam = &owner
	}
	for _, dep := range e.Spec.DependsOn {
		row.Relationships = append(row.Relationships, RowEdge{Type: "depends_on", Target: "*:" + normalRef(dep, "component")})
	}
	if e.Spec.System != "" && kind != "system" {
		row.Relationships = append(row.Relationships, RowEdge{Type: "member_of", Target: "*:" + normalRef(e.Spec.System, "system")})
	}
	return row, true
}

// entityRef is Backstage's reference kind:namespace/name, lower case.
func entityRef(kind, namespace, name string) string {
	if namespace == "" {
		namespace = "default"
	}
	return strings.ToLower(kind + ":" + namespace + "/" + name)
}

// normalRef completes a reference as written in a spec ("payments-db",
// "resource:payments-db", "resource:default/payments-db").
func normalRef(ref, defaultKind string) string {
	kind, rest, ok := strings.Cut(ref, ":")
	if !ok {
		kind, rest = defaultKind, ref
	}
	ns, name, ok := strings.Cut(rest, "/")
	if !ok {
		ns, name = "default", rest
	}
	return entityRef(kind, ns, name)
}

// shortRef is the name part of a reference (group:default/payments → payments).
func shortRef(ref string) string {
	if i := strings.LastIndexAny(ref, ":/"); i >= 0 {
		return ref[i+1:]
	}
	return ref
}
