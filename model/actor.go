package model

import (
	"fmt"
	"strings"
)

// Level is a user's server-wide access level. Incident roles are separate
// and per incident.
type Level int

const (
	LevelObserver Level = iota + 1
	LevelResponder
	LevelAdmin
)

var levelNames = map[Level]string{
	LevelObserver:  "observer",
	LevelResponder: "responder",
	LevelAdmin:     "admin",
}

func (l Level) String() string {
	if n, ok := levelNames[l]; ok {
		return n
	}
	return fmt.Sprintf("level(%d)", int(l))
}

// ParseLevel reads a level name as written in the users file or on the
// command line.
func ParseLevel(s string) (Level, error) {
	for l, n := range levelNames {
		if strings.EqualFold(s, n) {
			return l, nil
		}
	}
	return 0, Errorf(CodeInvalid, "unknown access level %q (want admin, responder or observer)", s)
}

// CanWrite reports whether the level may change anything at all.
func (l Level) CanWrite() bool { return l >= LevelResponder }

// Actor is who performs a command: a user name and their access level.
type Actor struct {
	Name  string
	Level Level
}
