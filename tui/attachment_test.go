package tui

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
)

// An attachment shows folded on the timeline; enter on it opens it whole,
// pgdn and end reach its last line, esc closes it.
func TestAttachmentFoldsAndExpands(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	dispatch(t, s, alice, model.Declare{Title: "api crash loop"})
	var b strings.Builder
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "api-7 log line %02d\n", i)
	}
	b.WriteString("\x1b[2Jstill here\n") // an escape that must not reach the screen
	input := b.String()
	sum := sha256.Sum256([]byte(input))
	digest := hex.EncodeToString(sum[:])
	dispatch(t, s, bob, model.Attach{Incident: "INC-1", Name: "api-7.log", Note: "since 03:00", Content: input, Size: int64(len(input)), SHA256: digest})

	term := startTerminal(t, New(sessionOptions(t, s, alice, clock)), 160, 30)
	term.waitFor("INC-1")
	term.send(enterKey)
	folded := term.waitMatch(`bob\s+\[attachment\] api-7\.log \(1\.1 KiB, sha256 `+digest[:12]+`…\): since 03:00`,
		`api-7 log line 05`, `… 56 more lines \(enter expands\)`)
	if strings.Contains(folded, "log line 06") {
		t.Errorf("the folded entry shows more than 5 lines:\n%s", folded)
	}

	term.send(tabKey) // to the timeline, whose newest entry is selected
	term.waitFor("enter expand attachment")
	term.send(enterKey)
	full := term.waitFor("api-7.log — since 03:00", "by bob at", "sha256 "+digest, "lines 1–", "of 61", "api-7 log line 06", "esc close")
	if strings.Contains(full, "log line 60") {
		t.Errorf("the first screen of the attachment shows its end:\n%s", full)
	}
	term.send(tea.KeyPressMsg{Code: tea.KeyPgDown})
	term.waitGone("api-7 log line 01")
	term.send(endKey)
	term.waitFor("api-7 log line 60", "still here", "of 61")
	term.send(tea.KeyPressMsg{Code: tea.KeyHome})
	term.waitFor("api-7 log line 01", "lines 1–")

	term.send(escKey)
	term.waitFor("… 56 more lines (enter expands)", "enter expand attachment")
	term.waitGone("sha256 " + digest)
}
