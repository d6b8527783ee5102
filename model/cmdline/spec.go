// Package cmdline is the war room's command language: the slash commands
// typed in a room and the SSH commands that take an incident id first. One
// table describes every command, so that parsing, completion and help come
// from the same place and cannot drift apart.
package cmdline

import (
	"strings"
	"time"

	"github.com/warroom/warroom/model"
)

// ArgKind says what an argument is, for completion.
type ArgKind int

const (
	ArgText     ArgKind = iota // free text to the end of the line
	ArgRole                    // a role name or alias
	ArgUser                    // a user name
	ArgStatus                  // a status name
	ArgSeverity                // 1 to 4
	ArgNumber                  // an entry or action number
	ArgDay                     // a due day
	ArgTheme                   // a theme name
	ArgFilter                  // a timeline filter
	ArgMine                    // the word "mine"
)

// Arg is one argument of a command.
type Arg struct {
	Name     string // as shown in usage: ROLE
	Kind     ArgKind
	Optional bool
}

// Spec describes one command.
type Spec struct {
	// Name is the command's words: "sev", or "action add".
	Name string
	Args []Arg
	// Help is one line for the help screen.
	Help string
	// Who is who may run it, when not everyone who may write.
	Who string
	// Local commands change only the session (filter, theme, help) or
	// show something; they have no model command and no SSH form unless
	// SSH is set.
	Local bool
	// SSH reports whether the command is also an SSH command.
	SSH bool
	// build makes the model command from the arguments: fields split on
	// spaces, and rest, the raw text after the command's words.
	build func(c Context, fields []string, rest string) (model.Command, error)
}

// Usage is how the command is typed: "/assign ROLE USER".
func (s *Spec) Usage() string {
	var b strings.Builder
	b.WriteString("/" + s.Name)
	for _, a := range s.Args {
		name := a.Name
		if a.Kind == ArgText {
			name += "…"
		}
		if a.Optional {
			name = "[" + name + "]"
		}
		b.WriteString(" " + name)
	}
	return b.String()
}

// Words is the command's name split into words.
func (s *Spec) Words() []string { return strings.Fields(s.Name) }

// Context is what a command line is parsed in: the room's incident and the
// time, for relative due days.
type Context struct {
	Incident string
	Now      time.Time
}

// Commands returns the table of every command, in help order. It is built
// fresh on each call: callers may keep it but the table has no shared
// state to mutate.
func Commands() []Spec {
	return commandTable()
}
