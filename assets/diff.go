package assets

import (
	"reflect"
	"sort"
)

// FieldChange is one changed field of an asset: its path ("name",
// "attributes.os.version") and the values before and after (absent when
// the field was added or removed).
type FieldChange struct {
	Path string `json:"path"`
	Old  any    `json:"old,omitempty"`
	New  any    `json:"new,omitempty"`
}

// Diff lists what changed from before to after, fields in a fixed order
// and attributes by path. Objects are compared key by key; arrays and
// scalars as wholes.
func Diff(before, after Asset) []FieldChange {
	out := []FieldChange{}
	add := func(path string, old, cur any) {
		if !reflect.DeepEqual(old, cur) {
			out = append(out, FieldChange{Path: path, Old: old, New: cur})
		}
	}
	add("type", before.Type, after.Type)
	add("name", before.Name, after.Name)
	add("externalKey", before.ExternalKey, after.ExternalKey)
	add("tags", before.Tags, after.Tags)
	add("ownerTeam", before.OwnerTeam, after.OwnerTeam)
	add("environment", before.Environment, after.Environment)
	add("lifecycle", before.Lifecycle, after.Lifecycle)
	diffObjects("attributes", before.Attributes, after.Attributes, &out)
	return out
}

// Created lists every field of a new asset as added (no old values).
func Created(a Asset) []FieldChange {
	out := Diff(Asset{Tags: a.Tags[:0:0]}, a)
	for i := range out {
		out[i].Old = nil
	}
	return out
}

func diffObjects(path string, old, cur map[string]any, out *[]FieldChange) {
	keys := make([]string, 0, len(old)+len(cur))
	for k := range old {
		keys = append(keys, k)
	}
	for k := range cur {
		if _, ok := old[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		o, inOld := old[k]
		n, inCur := cur[k]
		om, oIsObj := o.(map[string]any)
		nm, nIsObj := n.(map[string]any)
		switch {
		case inOld && inCur && oIsObj && nIsObj:
			diffObjects(path+"."+k, om, nm, out)
		case !reflect.DeepEqual(o, n) || inOld != inCur:
			*out = append(*out, FieldChange{Path: path + "." + k, Old: o, New: n})
		}
	}
}
