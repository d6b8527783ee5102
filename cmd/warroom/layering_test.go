package main

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/warroom/warroom"

// TestLayering keeps the dependency direction honest: cmd → server → tui →
// model, themes. model uses only the standard library; its subpackages do
// not know each other; tui never reaches the network or the disk store.
// model/storetest, which joins model/bolt and model/hub for tests, stays
// below server, tui and themes; no non-test code depends on it or on
// server/servertest (go list -deps without -test leaves out what _test.go
// files import).
func TestLayering(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	rules := []struct {
		pkg       string
		forbidden []string
		stdOnly   bool
	}{
		{pkg: module + "/model", stdOnly: true},
		{pkg: module + "/model/hub", forbidden: []string{module + "/model/bolt", module + "/server", module + "/tui", module + "/themes", "go.etcd.io/bbolt"}},
		{pkg: module + "/model/bolt", forbidden: []string{module + "/model/hub", module + "/server", module + "/tui", module + "/themes"}},
		{pkg: module + "/themes", forbidden: []string{module + "/server", module + "/tui", module + "/model/"}},
		{pkg: module + "/model/storetest", forbidden: []string{module + "/cmd", module + "/server", module + "/tui", module + "/themes"}},
		{pkg: module + "/tui/...", forbidden: []string{module + "/server", module + "/model/bolt", module + "/model/hub", module + "/model/storetest", "go.etcd.io/bbolt", "charm.land/ssh", "charm.land/wish", "golang.org/x/crypto/ssh"}},
		{pkg: module + "/server/...", forbidden: []string{module + "/cmd", module + "/model/bolt", module + "/model/storetest", "go.etcd.io/bbolt"}},
		// cmd depends on all the code that ships, so this also keeps the
		// test-only packages out of server and tui.
		{pkg: module + "/cmd/...", forbidden: []string{module + "/model/storetest", module + "/server/servertest"}},
	}
	for _, r := range rules {
		t.Run(r.pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", r.pkg).Output()
			if err != nil {
				t.Fatalf("go list %s: %v", r.pkg, err)
			}
			for dep := range strings.FieldsSeq(string(out)) {
				if r.stdOnly && !strings.HasPrefix(dep, module+"/model") {
					t.Errorf("%s imports %s; model may use only the standard library", r.pkg, dep)
				}
				for _, f := range r.forbidden {
					if dep == f || strings.HasPrefix(dep, f+"/") || (strings.HasSuffix(f, "/") && strings.HasPrefix(dep, f)) {
						t.Errorf("%s depends on %s, which breaks the layering", r.pkg, dep)
					}
				}
			}
		})
	}
}
