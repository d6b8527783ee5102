package model

// Command is a request to change the store. Decide turns it into an event
// or refuses it.
type Command interface {
	command()
}

// Declare opens a new incident; the declarer is recorded on it.
type Declare struct {
	Title    string
	Severity Severity // zero means DefaultSeverity
}

// PostNote adds a person's note to an incident's timeline.
type PostNote struct {
	Incident string
	Text     string
}

func (Declare) command()  {}
func (PostNote) command() {}

// Limits on user text, in runes for titles and bytes for notes.
const (
	MaxTitleRunes = 200
	MaxNoteBytes  = 4096
)
