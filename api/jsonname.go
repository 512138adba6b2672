package api

import (
	"reflect"
	"strings"
)

// jsonName reports a struct field by its JSON name in validation errors.
func jsonName(f reflect.StructField) string {
	name := strings.Split(f.Tag.Get("json"), ",")[0]
	switch name {
	case "-":
		return ""
	case "":
		return f.Name
	}
	return name
}
