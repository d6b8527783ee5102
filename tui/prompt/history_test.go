package prompt

import (
	"fmt"
	"testing"
)

func TestHistoryWalksBackAndRestoresTheDraft(t *testing.T) {
	p := focused(t, 1000)
	send(t, p, "first")
	send(t, p, "/sev 2")
	typeText(p, "half typ")
	for _, step := range []struct {
		key  string
		want string
	}{
		{"up", "/sev 2"},
		{"up", "first"},
		{"up", "first"}, // the oldest stays
		{"down", "/sev 2"},
		{"down", "half typ"},
		{"down", "half typ"}, // nothing newer than the draft
	} {
		msg := up
		if step.key == "down" {
			msg = down
		}
		if out := p.Update(msg); out != Handled {
			t.Fatalf("%s: %v, want Handled", step.key, out)
		}
		wantValue(t, p, step.want)
	}
}

func TestHistoryKeepsAHundredLines(t *testing.T) {
	p := focused(t, 1000)
	for i := range 150 {
		send(t, p, fmt.Sprintf("line %d", i))
	}
	for range 200 {
		p.Update(up)
	}
	wantValue(t, p, "line 50")
}

func TestHistorySkipsConsecutiveRepeats(t *testing.T) {
	p := focused(t, 1000)
	for _, line := range []string{"a", "a", "b", "a"} {
		send(t, p, line)
	}
	var seen []string
	for range 5 {
		p.Update(up)
		seen = append(seen, p.Value())
	}
	if got, want := fmt.Sprint(seen), "[a b a a a]"; got != want {
		t.Errorf("walking up shows %s, want %s", got, want)
	}
}

func TestRefusedLineIsInHistoryAndStaysToFix(t *testing.T) {
	p := focused(t, 1000)
	send(t, p, "earlier")
	typeText(p, "/sev 9")
	if out := p.Update(enter); out != Submitted {
		t.Fatalf("enter: %v, want Submitted", out)
	}
	// The store refused it: the room does not Reset.
	wantValue(t, p, "/sev 9")
	p.Update(up)
	wantValue(t, p, "earlier") // not the same line again
	p.Update(down)
	wantValue(t, p, "/sev 9")
	p.Reset()
	p.Update(up)
	wantValue(t, p, "/sev 9")
}

func TestEditingARecalledLineMakesItTheDraft(t *testing.T) {
	p := focused(t, 1000)
	send(t, p, "one")
	send(t, p, "two")
	p.Update(up)
	typeText(p, "!")
	wantValue(t, p, "two!")
	p.Update(up)
	wantValue(t, p, "two")
	p.Update(down)
	wantValue(t, p, "two!")
}

func TestEnterOnABlankLineSendsNothing(t *testing.T) {
	p := focused(t, 1000)
	typeText(p, "   ")
	if out := p.Update(enter); out != Handled {
		t.Fatalf("enter on blanks: %v, want Handled", out)
	}
	p.Reset()
	p.Update(up)
	wantValue(t, p, "")
}
