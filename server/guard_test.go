package server

import (
	"bytes"
	"log/slog"
	"net"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
)

// panicky is an interface with a bug: it panics on any key.
type panicky struct{}

func (panicky) Init() tea.Cmd { return nil }
func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		panic("index out of range")
	}
	return p, nil
}
func (panicky) View() tea.View { return tea.NewView("fine") }

// fakeSession is just enough of an SSH session for log attributes.
type fakeSession struct{ ssh.Session }

func (fakeSession) RemoteAddr() net.Addr     { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5555} }
func (fakeSession) User() string             { return "alice" }
func (fakeSession) PublicKey() ssh.PublicKey { return nil }
func (fakeSession) Command() []string        { return nil }

func TestAPanicInTheInterfaceIsLoggedAndEndsTheSessionWithAnError(t *testing.T) {
	var logs bytes.Buffer
	live := &session{ssh: fakeSession{}, isPty: true, id: "s-1"}
	g := &guardedModel{Model: panicky{}, log: slog.New(slog.NewTextHandler(&logs, nil)), live: live}

	_, cmd := g.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if cmd == nil {
		t.Fatal("a panic in Update returned no command; want tea.Quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("a panic in Update did not quit the program")
	}
	if !strings.Contains(logs.String(), "panic in the interface") || !strings.Contains(logs.String(), "index out of range") || !strings.Contains(logs.String(), "session=s-1") {
		t.Errorf("log = %q; want the panic with the session", logs.String())
	}
	if live.exitCode != 1 || !live.crashed {
		t.Errorf("exit %d crashed %v; want 1 and crashed", live.exitCode, live.crashed)
	}
	if v := g.View(); !strings.Contains(v.Content, "internal error") {
		t.Errorf("view after the panic = %q; want the internal-error line", v.Content)
	}
}
