package config

import (
	"os"
	"strings"
	"testing"
)

// The README documents every key by quoting the example file: it must
// quote it whole, so that the documentation cannot drift from what parses.
func TestREADMEQuotesTheExampleConfig(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("testdata/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```yaml\n"+strings.TrimRight(string(example), "\n")+"\n```") {
		t.Error("README.md's Config section does not quote server/config/testdata/example.yaml as it is")
	}
}
