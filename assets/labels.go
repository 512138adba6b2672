package assets

import (
	"fmt"
	"net"
	"strings"
)

// DefaultLabelRule matches an Alertmanager alert's instance label (port
// stripped) to an asset's name, FQDN or one of its IP addresses, and its
// job label to an asset's name.
const DefaultLabelRule = "instance=name,attr.fqdn,attr.ipAddresses;job=name"

// LabelRule says which alert labels name assets and which asset fields
// they are compared with, tried in order: "instance=name,attr.fqdn;job=name".
type LabelRule []LabelMatch

// LabelMatch compares one label with asset fields: name, or attr.<path>
// (an attribute, or an element of a list attribute).
type LabelMatch struct {
	Label  string
	Fields []string
}

// ParseLabelRule reads a rule as ALERT_ASSET_RULE writes it.
func ParseLabelRule(s string) (LabelRule, error) {
	var rule LabelRule
	for _, part := range strings.Split(s, ";") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		label, fields, ok := strings.Cut(part, "=")
		if !ok || strings.TrimSpace(label) == "" {
			return nil, fmt.Errorf("%q: write label=field[,field...]", part)
		}
		m := LabelMatch{Label: strings.TrimSpace(label)}
		for _, f := range strings.Split(fields, ",") {
			f = strings.TrimSpace(f)
			if f != "name" && (!strings.HasPrefix(f, "attr.") || len(f) == len("attr.")) {
				return nil, fmt.Errorf("%q: a field is name or attr.<path>, not %q", part, f)
			}
			m.Fields = append(m.Fields, f)
		}
		rule = append(rule, m)
	}
	return rule, nil
}

// LabelValue is what a label says of an asset: an instance's host without
// its port ("web-1:9100" → "web-1", "[::1]:9100" → "::1").
func LabelValue(label, value string) string {
	if label == "instance" {
		if host, _, err := net.SplitHostPort(value); err == nil {
			return host
		}
	}
	return value
}
