package model

import "fmt"

// Pin pins (or, with Pinned unset, unpins) a timeline entry as a key
// moment. Entry is the entry's number on the incident's timeline, from 1.
type Pin struct {
	Incident string
	Entry    int
	Pinned   bool
}

// EntryPinned records an entry pinned or unpinned.
type EntryPinned struct {
	Seq    uint64 `json:"seq"`
	Entry  int    `json:"entry"`
	Pinned bool   `json:"pinned"`
}

const KindPin Kind = "entry.pinned"

func (EntryPinned) Kind() Kind { return KindPin }

func (c Pin) decide(d *decision) (string, Payload, error) {
	inc, err := d.incident(c.Incident)
	if err != nil {
		return "", nil, err
	}
	if c.Entry < 1 || c.Entry > len(inc.Timeline) {
		return "", nil, Errorf(CodeNotFound, "%s has no entry %d (it has %d)", inc.ID, c.Entry, len(inc.Timeline))
	}
	seq := inc.Timeline[c.Entry-1].Seq
	if inc.Pinned[seq] == c.Pinned {
		if !c.Pinned {
			return "", nil, Errorf(CodeConflict, "entry %d is not pinned", c.Entry)
		}
		return "", nil, Errorf(CodeConflict, "entry %d is already pinned", c.Entry)
	}
	return inc.ID, EntryPinned{Seq: seq, Entry: c.Entry, Pinned: c.Pinned}, nil
}

func (p EntryPinned) apply(s *State, e *Event) error {
	verb := "pinned"
	if !p.Pinned {
		verb = "unpinned"
	}
	return s.change(e, fmt.Sprintf("%s entry %d", verb, p.Entry), func(inc *Incident) error {
		inc.Pinned = copyMap(inc.Pinned, p.Seq, true, !p.Pinned)
		return nil
	})
}
