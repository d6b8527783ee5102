package model

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

// refIncident is what a test expects of one incident, kept by hand beside
// the States under test.
type refIncident struct {
	title    string
	severity Severity
	notes    []string
}

// expect renders what a State holding ref must show: every incident with
// its timeline, then the list order, worked out naively.
func expect(ref []refIncident) string {
	var b strings.Builder
	numbers := make([]int, len(ref))
	for i, inc := range ref {
		fmt.Fprintf(&b, "INC-%d %s %s %q\n", i+1, inc.severity, inc.title, inc.notes)
		numbers[i] = i + 1
	}
	slices.SortFunc(numbers, func(a, c int) int {
		if sa, sc := ref[a-1].severity, ref[c-1].severity; sa != sc {
			return int(sa) - int(sc)
		}
		return c - a
	})
	fmt.Fprintf(&b, "list %v\n", numbers)
	return b.String()
}

// describe renders s the way expect does, through the public API.
func describe(t *testing.T, s *State) string {
	t.Helper()
	var b strings.Builder
	for n := 1; ; n++ {
		inc, ok := s.Incident(IncidentID(n))
		if !ok {
			break
		}
		var notes []string
		for _, e := range inc.Timeline[1:] {
			notes = append(notes, e.Text)
		}
		fmt.Fprintf(&b, "%s %s %s %q\n", inc.ID, inc.Severity, inc.Title, notes)
	}
	var numbers []int
	for _, inc := range s.Incidents() {
		got, _ := s.Incident(inc.ID)
		if got != inc {
			t.Errorf("seq %d: the list holds another copy of %s than Incident does", s.Seq, inc.ID)
		}
		numbers = append(numbers, inc.Number)
	}
	fmt.Fprintf(&b, "list %v\n", numbers)
	return b.String()
}

func mustApply(t *testing.T, s *State, incident int, data Payload) *State {
	t.Helper()
	e := &Event{Seq: s.Seq + 1, ID: NewEventID(), Incident: IncidentID(incident), Time: t0, Actor: "alice", Data: data}
	next, err := Apply(s, e)
	if err != nil {
		t.Fatalf("apply %+v: %v", e, err)
	}
	return next
}

func TestEarlierStatesSurviveLaterApplies(t *testing.T) {
	type checkpoint struct {
		s    *State
		want string
	}
	var (
		ref         []refIncident
		checkpoints []checkpoint
		s           = &State{}
	)
	// Around every chunk boundary, keep the State and what it must show.
	// Half of them build their list now and half only at the end, after
	// later events changed the incidents they hold.
	keep := func() {
		c := checkpoint{s: s, want: expect(ref)}
		if len(checkpoints)%2 == 0 {
			if got := describe(t, s); got != c.want {
				t.Fatalf("state at seq %d shows\n%s\nwant\n%s", s.Seq, got, c.want)
			}
		}
		checkpoints = append(checkpoints, c)
	}
	note := func(n int) {
		text := fmt.Sprintf("note %d on %d", s.Seq+1, n)
		s = mustApply(t, s, n, NotePosted{Text: text})
		ref[n-1].notes = append(ref[n-1].notes, text)
	}
	for n := 1; n <= 3*chunkSize+5; n++ {
		sev := Severity(n*7%4 + 1)
		s = mustApply(t, s, n, Declared{Number: n, Title: fmt.Sprint("incident ", n), Severity: sev})
		ref = append(ref, refIncident{title: fmt.Sprint("incident ", n), severity: sev})
		// Between declarations, note on the newest incident (in the
		// tail) or on an older one (often in a full chunk).
		if n%2 == 0 {
			note(n)
		} else {
			note(n/3 + 1)
		}
		if i := n % chunkSize; i <= 1 || i == chunkSize-1 {
			keep()
		}
	}
	for round := range 2 {
		for n := len(ref) - round; n >= 1; n-- {
			note(n)
		}
		keep()
	}
	for _, c := range checkpoints {
		if got := describe(t, c.s); got != c.want {
			t.Errorf("state at seq %d changed after later events; it shows\n%s\nwant\n%s", c.s.Seq, got, c.want)
		}
	}
}

// The store can apply to one State twice (a failed commit is decided again
// from the published State): the two results must not see each other.
func TestApplyingTwiceToOneStateGivesIndependentStates(t *testing.T) {
	for _, size := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 4*chunkSize - 1} {
		t.Run(fmt.Sprint(size, " incidents"), func(t *testing.T) {
			base := &State{}
			for n := 1; n <= size; n++ {
				base = mustApply(t, base, n, Declared{Number: n, Title: "x", Severity: Sev3})
			}
			declare := func(s *State, title string) *State {
				n := len(s.Incidents()) + 1
				return mustApply(t, s, n, Declared{Number: n, Title: title, Severity: Sev2})
			}
			a, b := declare(base, "a"), declare(base, "b")
			// a took the slot after base's last, so b copied base's tail;
			// each then grows its own tail in place.
			b2, a2 := declare(b, "b again"), declare(a, "a again")
			for _, c := range []struct {
				s      *State
				titles string
			}{{a, "[a]"}, {b, "[b]"}, {a2, "[a again a]"}, {b2, "[b again b]"}} {
				var titles []string
				for _, inc := range c.s.Incidents()[:len(c.s.Incidents())-size] {
					titles = append(titles, inc.Title)
				}
				if fmt.Sprint(titles) != c.titles {
					t.Errorf("seq %d lists new incidents %v, want %s", c.s.Seq, titles, c.titles)
				}
			}
			if _, ok := base.Incident(IncidentID(size + 1)); ok || len(base.Incidents()) != size {
				t.Errorf("the base state gained an incident")
			}
		})
	}
}

func TestIncidentListOrder(t *testing.T) {
	s := &State{}
	var ref []refIncident
	for n, sev := range []Severity{Sev3, Sev1, Sev4, Sev1, Sev2, Sev3} {
		prev := s
		s = mustApply(t, s, n+1, Declared{Number: n + 1, Title: "x", Severity: sev})
		ref = append(ref, refIncident{title: "x", severity: sev})
		if got, want := describe(t, s), expect(ref); got != want {
			t.Fatalf("after declaring INC-%d:\n%s\nwant\n%s", n+1, got, want)
		}
		if len(prev.Incidents()) != n {
			t.Fatalf("the state before INC-%d lists %d incidents", n+1, len(prev.Incidents()))
		}
	}
	before := s.Incidents()
	s = mustApply(t, s, 1, NotePosted{Text: "still looking"})
	after := s.Incidents()
	if want := "[4 2 5 6 1 3]"; fmt.Sprint(numbersOf(after)) != want {
		t.Errorf("after a note the list is %v, want %s", numbersOf(after), want)
	}
	if inc := after[4]; len(inc.Timeline) != 2 {
		t.Errorf("the list shows INC-1 with %d timeline entries, want the note too", len(inc.Timeline))
	}
	if inc := before[4]; len(inc.Timeline) != 1 {
		t.Errorf("the earlier list now shows INC-1 with %d entries", len(inc.Timeline))
	}
	for _, p := range []*State{s.WithPresence("s1", "bob", "INC-1"), s.WithPresenceOf(s.WithPresence("s2", "eve", ""))} {
		if got := p.Incidents(); &got[0] != &after[0] {
			t.Errorf("a presence change built the list again instead of sharing it")
		}
	}
}

// A change that moves an incident in the list sorts again; one that does
// not keeps the order, and earlier states keep theirs.
func TestListOrderFollowsSortKeys(t *testing.T) {
	s := &State{}
	for n := 1; n <= 3; n++ {
		s = mustApply(t, s, n, Declared{Number: n, Title: "x", Severity: Sev2})
	}
	steps := []struct {
		name   string
		n      int
		change Payload
		want   string
	}{
		{"INC-3 resolved", 3, StatusChanged{From: StatusTriage, To: StatusResolved}, "[2 1 3]"},
		{"INC-1 raised to SEV1", 1, SeverityChanged{From: Sev2, To: Sev1}, "[1 2 3]"},
		{"INC-2 moves on to investigating", 2, StatusChanged{From: StatusTriage, To: StatusInvestigating}, "[1 2 3]"},
		{"INC-3 reopened", 3, StatusChanged{From: StatusResolved, To: StatusMonitoring}, "[1 3 2]"},
		{"a note on INC-2", 2, NotePosted{Text: "-"}, "[1 3 2]"},
		{"INC-1 resolved", 1, StatusChanged{From: StatusTriage, To: StatusResolved}, "[3 2 1]"},
	}
	for _, step := range steps {
		prev := s
		prevList := fmt.Sprint(numbersOf(prev.Incidents()))
		s = mustApply(t, s, step.n, step.change)
		if got := fmt.Sprint(numbersOf(s.Incidents())); got != step.want {
			t.Errorf("%s: list %s, want %s", step.name, got, step.want)
		}
		if got := fmt.Sprint(numbersOf(prev.Incidents())); got != prevList {
			t.Errorf("%s: the earlier list became %s, was %s", step.name, got, prevList)
		}
	}
}

func TestIncidentsIsSafeForConcurrentReaders(t *testing.T) {
	s := &State{}
	for n := 1; n <= 2*chunkSize; n++ {
		s = mustApply(t, s, n, Declared{Number: n, Title: "x", Severity: Severity(n%4 + 1)})
	}
	states := []*State{s, s.WithPresence("s1", "bob", "")}
	for n := 1; n <= 4; n++ {
		states = append(states, mustApply(t, states[len(states)-1], n, NotePosted{Text: "n"}))
	}
	want := fmt.Sprint(numbersOf(s.WithPresence("s9", "x", "").Incidents()))
	var wg sync.WaitGroup
	for range 8 {
		for _, st := range states {
			wg.Go(func() {
				if got := fmt.Sprint(numbersOf(st.Incidents())); got != want {
					t.Errorf("seq %d lists %s, want %s", st.Seq, got, want)
				}
			})
		}
	}
	wg.Wait()
}

func numbersOf(list []*Incident) []int {
	out := make([]int, len(list))
	for i, inc := range list {
		out[i] = inc.Number
	}
	return out
}
