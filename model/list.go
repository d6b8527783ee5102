package model

import (
	"slices"
	"sync"
)

// incidentList is one State's incidents in list order, built on first use.
type incidentList struct {
	once      sync.Once
	incidents []*Incident
	// order is shared with the States before and after whose incidents
	// sort the same way.
	order *listOrder
}

// listOrder is the list order as incident numbers. An event that changes
// no sort key (a note) keeps it, so the sort runs once per change of order
// while each State only looks its own incidents up by number.
type listOrder struct {
	once    sync.Once
	numbers []int
}

// next returns the list of the State after an event; reordered says
// whether the event changed the order (a new incident, or a sort key of
// one). A nil l is the list of the empty State.
func (l *incidentList) next(reordered bool) *incidentList {
	if l == nil || reordered {
		return &incidentList{order: &listOrder{}}
	}
	return &incidentList{order: l.order}
}

// build returns the list, building it on the first call. Its capacity is
// its length, so that a caller's append copies instead of writing into it.
func (l *incidentList) build(x incidentIndex) []*Incident {
	l.once.Do(func() {
		numbers := l.order.sorted(x)
		l.incidents = make([]*Incident, len(numbers))
		for i, n := range numbers {
			l.incidents[i] = x.at(n)
		}
	})
	return l.incidents
}

// sorted returns the numbers of x's incidents in list order. Every index
// sharing o sorts the same, so whichever asks first computes it for all.
func (o *listOrder) sorted(x incidentIndex) []int {
	o.once.Do(func() {
		o.numbers = make([]int, x.len())
		for i := range o.numbers {
			o.numbers[i] = i + 1
		}
		slices.SortFunc(o.numbers, func(a, b int) int { return compareForList(x.at(a), x.at(b)) })
	})
	return o.numbers
}

// listKey is what places an incident in the list, besides its number.
type listKey struct {
	resolved bool
	severity Severity
}

func listKeyOf(inc *Incident) listKey {
	return listKey{resolved: !inc.Status.Open(), severity: inc.Severity}
}

// compareForList orders open incidents first, then by severity (SEV1
// first), then newest first.
func compareForList(a, b *Incident) int {
	ka, kb := listKeyOf(a), listKeyOf(b)
	if ka.resolved != kb.resolved {
		if kb.resolved {
			return -1
		}
		return 1
	}
	if ka.severity != kb.severity {
		return int(ka.severity) - int(kb.severity)
	}
	return b.Number - a.Number
}
