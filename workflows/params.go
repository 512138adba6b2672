package workflows

// Params are a run's validated parameters as they travel through history
// (numbers as float64). Playbooks do not read them by key: Define decodes
// them into the playbook's typed params struct.
type Params map[string]any
