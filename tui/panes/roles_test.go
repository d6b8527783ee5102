package panes

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

func newRolesPane(t *testing.T, s *script, id string) *Roles {
	t.Helper()
	p := NewRoles(style.New(themes.Plain()), true)
	p.SetIncident(s.incident(id), s.state.Rules())
	return p
}

func TestRolesKeysGiveCommands(t *testing.T) {
	p := newRolesPane(t, warRoom(t), "INC-1")
	tests := []struct {
		name string
		keys []string
		want model.Command
	}{
		{"take the first role", []string{"t"}, model.TakeRole{Incident: "INC-1", Role: model.RoleCommander}},
		{"take the comms lead", []string{"down", "down", "t"}, model.TakeRole{Incident: "INC-1", Role: model.RoleComms}},
		{"unassign the last role", []string{"down", "down", "down", "down", "down", "down", "u"}, model.UnassignRole{Incident: "INC-1", Role: "customer-liaison"}},
		{"back up to the tech lead", []string{"up", "up", "up", "u"}, model.UnassignRole{Incident: "INC-1", Role: model.RoleTechLead}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got model.Command
			for _, k := range tc.keys {
				cmd, consumed := p.HandleKey(press(k), "alice")
				if !consumed {
					t.Fatalf("key %q was not the pane's", k)
				}
				got = cmd
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
	if _, consumed := p.HandleKey(press("z"), "alice"); consumed {
		t.Error("a key the pane has no binding for was consumed")
	}
}

func TestRolesObserverKeysDoNothing(t *testing.T) {
	s := warRoom(t)
	p := NewRoles(style.New(themes.Plain()), false)
	p.SetIncident(s.incident("INC-1"), s.state.Rules())
	for _, k := range []string{"t", "u"} {
		if cmd, consumed := p.HandleKey(press(k), "olga"); cmd != nil || consumed {
			t.Errorf("observer key %q gave %#v (consumed %v)", k, cmd, consumed)
		}
	}
	for _, b := range p.Keys() {
		if b.Help().Desc == "take role" && b.Enabled() {
			t.Error("help offers an observer the take key")
		}
	}
}

func TestRolesPromptForVacantIC(t *testing.T) {
	s := newScript(t).at("2026-11-28 09:00:00").do(model.SystemActor, model.Declare{Title: "Disk full on db-3"})
	got := lines(newRolesPane(t, s, "INC-1").View(40, 6, now, false))
	if got[0] != "IC vacant — /take ic" {
		t.Errorf("first line %q, want the prompt to take IC", got[0])
	}
	if !strings.HasSuffix(got[1], "vacant") || !strings.HasPrefix(got[1], "Incident Commander") {
		t.Errorf("IC row %q, want it vacant", got[1])
	}
	if got := lines(newRolesPane(t, warRoom(t), "INC-1").View(40, 6, now, false)); strings.Contains(strings.Join(got, "\n"), "IC vacant") {
		t.Error("prompt shown while alice is IC")
	}
}

func TestRolesHandoverCountsDown(t *testing.T) {
	p := newRolesPane(t, warRoom(t), "INC-1")
	tests := []struct {
		at   time.Time
		want string
	}{
		{now, "→ bob? (lapses in 3:12)"},
		{at("2026-11-28 09:24:59"), "→ bob? (lapses in 0:01)"},
		{at("2026-11-28 09:25:00"), "→ bob? (lapsing)"},
	}
	for _, tc := range tests {
		got := lines(p.View(60, 8, tc.at, false))
		if strings.TrimSpace(got[1]) != tc.want {
			t.Errorf("at %s the line under IC is %q, want %q", tc.at.Format(time.TimeOnly), got[1], tc.want)
		}
	}
	if next, ok := p.NextChange(now); !ok || !next.Equal(at("2026-11-28 09:21:49")) {
		t.Errorf("NextChange = %v, %v; want the next second", next, ok)
	}
	if _, ok := p.NextChange(at("2026-11-28 09:26:00")); ok {
		t.Error("a lapsed offer still ticks; it waits for the server to end it")
	}
}

func TestRolesKeepHoldersOfRolesTheRulesDropped(t *testing.T) {
	s := warRoom(t)
	rules := model.DefaultRules() // no customer liaison any more
	s.at("2026-11-28 09:21:00").do("alice", model.AssignRole{Incident: "INC-1", Role: "liaison", User: "dave"})
	p := NewRoles(style.New(themes.Plain()), true)
	p.SetIncident(s.incident("INC-1"), rules)
	if view := strings.Join(lines(p.View(60, 10, now, false)), "\n"); !strings.Contains(view, "customer-liaison") || !strings.Contains(view, "dave") {
		t.Errorf("a held role missing from the rules is hidden:\n%s", view)
	}
}
