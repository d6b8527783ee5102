package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/PID/stat;
// it is 100 on every Linux the tool runs on.
const clockTicks = 100

// serverProcess reads a running server's memory and CPU from /proc.
type serverProcess struct{ pid int }

// rssBytes is the process's resident set (VmRSS).
func (p serverProcess) rssBytes() (int64, error) {
	path := fmt.Sprintf("/proc/%d/status", p.pid)
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		rest, ok := strings.CutPrefix(line, "VmRSS:")
		if !ok {
			continue
		}
		kib, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parse VmRSS in %s: %w", path, err)
		}
		return kib * 1024, nil
	}
	return 0, fmt.Errorf("no VmRSS in %s", path)
}

// cpuSeconds is the CPU time the process has used, user plus system.
func (p serverProcess) cpuSeconds() (float64, error) {
	path := fmt.Sprintf("/proc/%d/stat", p.pid)
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	// The command name (field 2) may hold spaces and parentheses: count
	// fields from after its closing parenthesis, where field 3 starts.
	end := bytes.LastIndexByte(b, ')')
	if end < 0 {
		return 0, fmt.Errorf("parse %s: no command name", path)
	}
	fields := strings.Fields(string(b[end+1:]))
	const utime, stime = 14 - 3, 15 - 3
	if len(fields) <= stime {
		return 0, fmt.Errorf("parse %s: %d fields", path, len(fields)+2)
	}
	var ticks int64
	for _, i := range []int{utime, stime} {
		n, err := strconv.ParseInt(fields[i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parse field %d of %s: %w", i+3, path, err)
		}
		ticks += n
	}
	return float64(ticks) / clockTicks, nil
}
