package assets

import (
	"sort"
	"strconv"
	"strings"
)

// FactsScript prints a server's facts as key=value lines, reading only
// what any Linux has (/etc/os-release, /proc, df, hostname): OS, kernel,
// CPU cores, memory, disks, IP addresses and listening TCP ports.
const FactsScript = `. /etc/os-release 2>/dev/null; echo "os=${PRETTY_NAME:-unknown}"
echo "kernel=$(uname -r)"
echo "cpuCores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)"
awk '/^MemTotal:/ {print "memoryMb=" int($2/1024)}' /proc/meminfo
echo "fqdn=$(hostname -f 2>/dev/null || hostname)"
for ip in $(hostname -I 2>/dev/null); do echo "ip=$ip"; done
df -P -k -x tmpfs -x devtmpfs -x overlay 2>/dev/null | awk 'NR>1 {print "disk=" $1 " " $2 " " $6}'
for f in /proc/net/tcp /proc/net/tcp6; do [ -r "$f" ] && awk 'NR>1 && $4=="0A" {split($2,a,":"); print "port=" a[2]}' "$f"; done
`

// ParseFacts reads FactsScript's output into server attributes. Lines it
// does not know are ignored; ports come hex-encoded from /proc.
func ParseFacts(out string) map[string]any {
	facts := map[string]any{}
	var ips []any
	var disks []any
	ports := map[int]bool{}
	for _, line := range strings.Split(out, "\n") {
		key, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok || v == "" {
			continue
		}
		switch key {
		case "os", "kernel", "fqdn":
			facts[key] = v
		case "cpuCores", "memoryMb":
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				facts[key] = n
			}
		case "ip":
			ips = append(ips, v)
		case "disk":
			if f := strings.Fields(v); len(f) == 3 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				disks = append(disks, map[string]any{"device": f[0], "sizeGb": float64(int(kb/1024/1024*10)) / 10, "mount": f[2]})
			}
		case "port":
			if p, err := strconv.ParseInt(v, 16, 32); err == nil && p > 0 {
				ports[int(p)] = true
			}
		}
	}
	if ips != nil {
		facts["ipAddresses"] = ips
	}
	if disks != nil {
		facts["disks"] = disks
	}
	if len(ports) > 0 {
		list := make([]int, 0, len(ports))
		for p := range ports {
			list = append(list, p)
		}
		sort.Ints(list)
		out := make([]any, len(list))
		for i, p := range list {
			out[i] = p
		}
		facts["listeningPorts"] = out
	}
	return facts
}
