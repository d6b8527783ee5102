package model

import "time"

// Command is a request to change the store. Decide turns it into an event
// or refuses it. Each command decides itself, in the file of its feature,
// so that adding one touches one file and the decoder's list of kinds.
type Command interface {
	// decide validates the command and returns the id of the incident it
	// changes ("" for none) and the payload that records it.
	decide(d *decision) (incident string, p Payload, err error)
}

// decision is what a command is decided against.
type decision struct {
	state *State
	rules *Rules
	actor Actor
	now   time.Time
}

// Limits on user text, in runes for titles and bytes for notes.
const (
	MaxTitleRunes = 200
	MaxNoteBytes  = 4096
)

// SystemActor is the name the server itself acts under: automatic
// escalations, lapsed handovers, webhook delivery results.
const SystemActor = "warroom"

// System is the actor of the server's own events; ValidateUserName keeps
// people from taking its name.
func System() Actor { return Actor{Name: SystemActor, Level: LevelAdmin} }
