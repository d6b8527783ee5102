package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/memo"
)

// replaySpeeds are the speeds s cycles through: replayed time per wall time.
func replaySpeeds() [3]int { return [...]int{1, 10, 60} }

const (
	// maxReplayWait caps the wall time spent waiting for any one entry, so
	// a quiet night is skipped rather than sat through.
	maxReplayWait = 3 * time.Second
	// replayGapMarked is the replayed gap above which the replay marks
	// the quiet between two entries.
	replayGapMarked = time.Minute
)

// replay plays an incident's timeline back as it unfolded: each entry
// appears at its original time after the first, scaled by the speed.
// The replayed clock is pos at the wall time anchor, running on at the
// speed while playing.
type replay struct {
	entries []model.Entry
	shown   int // entries revealed so far; the first shows at once
	speed   int // index into replaySpeeds
	playing bool
	pos     time.Duration // replayed time since the first entry, at anchor
	anchor  time.Time     // the wall time pos was taken at
	// wake identifies the pending wake-up: a tick whose id differs was
	// superseded by a pause, a step, a restart or a change of speed.
	wake   uint64
	follow bool // the view keeps the newest entry in sight
	top    int  // the first line shown when not following
	body   memo.Memo[replayBodyKey]
}

// replayTickMsg wakes the replay when its next entry is due.
type replayTickMsg struct{ id uint64 }

// replayBodyKey is what the visible replay depends on.
type replayBodyKey struct {
	shown, width, height, top, styles int
}

// newReplay starts replaying entries at 10x from the first, at wall time now.
func newReplay(entries []model.Entry, now time.Time) *replay {
	p := &replay{entries: entries, speed: 1}
	p.restart(now)
	return p
}

func (p *replay) restart(now time.Time) {
	p.shown, p.pos, p.anchor, p.playing, p.follow = 1, 0, now, true, true
	p.wake++
}

// offset is entry i's replayed time: how long after the first it came.
func (p *replay) offset(i int) time.Duration { return p.entries[i].Time.Sub(p.entries[0].Time) }

// clock is the replayed time at wall time now; it never passes the next
// entry, nor the last one.
func (p *replay) clock(now time.Time) time.Duration {
	t := p.pos
	if p.playing {
		t += now.Sub(p.anchor) * time.Duration(replaySpeeds()[p.speed])
	}
	return min(t, p.offset(min(p.shown, len(p.entries)-1)))
}

// due is the wall time the next entry appears, the wait capped; ok is
// false when nothing is pending.
func (p *replay) due() (at time.Time, capped, ok bool) {
	if !p.playing || p.shown >= len(p.entries) {
		return time.Time{}, false, false
	}
	wait := (p.offset(p.shown) - p.pos) / time.Duration(replaySpeeds()[p.speed])
	if wait > maxReplayWait {
		return p.anchor.Add(maxReplayWait), true, true
	}
	return p.anchor.Add(wait), false, true
}

// schedule asks for a wake-up when the next entry is due.
func (p *replay) schedule(now time.Time) tea.Cmd {
	at, _, ok := p.due()
	if !ok {
		return nil
	}
	p.wake++
	id := p.wake
	return tea.Tick(at.Sub(now), func(time.Time) tea.Msg { return replayTickMsg{id: id} })
}

// onTick reveals every entry whose time has come by now and asks to be
// woken for the next.
func (p *replay) onTick(msg replayTickMsg, now time.Time) tea.Cmd {
	if msg.id != p.wake {
		return nil
	}
	for {
		at, _, ok := p.due()
		if !ok || now.Before(at) {
			break
		}
		// Re-anchor on the entry itself, so a capped wait jumps the
		// clock over the gap and no rounding accumulates.
		p.pos, p.anchor = p.offset(p.shown), at
		p.shown++
	}
	return p.schedule(now)
}

// reanchor fixes the replayed clock at now before a change of pace.
func (p *replay) reanchor(now time.Time) {
	p.pos, p.anchor = p.clock(now), now
	p.wake++
}

func (p *replay) onKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	k, now := m.keys, m.now()
	switch {
	case key.Matches(msg, k.ReplayPause):
		p.reanchor(now)
		p.playing = !p.playing
	case key.Matches(msg, k.ReplayStep):
		if p.shown < len(p.entries) {
			p.pos, p.anchor = p.offset(p.shown), now
			p.shown++
			p.wake++
		}
	case key.Matches(msg, k.ReplayRestart):
		p.restart(now)
	case key.Matches(msg, k.ReplaySpeed):
		p.reanchor(now)
		p.speed = (p.speed + 1) % len(replaySpeeds())
	default:
		p.onScrollKey(m, msg)
		return nil // the pace is unchanged: the pending wake-up stands
	}
	return p.schedule(now)
}

// onScrollKey moves the view through the entries shown so far.
func (p *replay) onScrollKey(m *app, msg tea.KeyPressMsg) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		p.scroll(-1)
	case key.Matches(msg, k.Down):
		p.scroll(1)
	case key.Matches(msg, k.PageUp):
		p.scroll(-max(m.height/2, 1))
	case key.Matches(msg, k.PageDown):
		p.scroll(max(m.height/2, 1))
	case key.Matches(msg, k.Bottom):
		p.follow = true
	}
}

// scroll moves the view by n lines; it stops following the newest entry
// until end is pressed.
func (p *replay) scroll(n int) {
	p.follow = false
	p.top += n
}

// header shows the replayed clock as incident time and time since the
// first entry, the speed, and whether it plays, waits out a long gap
// quickly, or has finished.
func (p *replay) header(m *app, inc *model.Incident) string {
	now := m.now()
	t := p.clock(now)
	at := p.entries[0].Time.Add(t).In(now.Location()).Format("15:04:05")
	state := "paused"
	switch {
	case p.shown >= len(p.entries):
		state = "finished"
	case p.playing:
		state = "playing"
	}
	line := fmt.Sprintf("%s (+%s) · %dx · %s · %d/%d", at, clockSpan(t), replaySpeeds()[p.speed], state, p.shown, len(p.entries))
	if _, capped, ok := p.due(); ok && capped {
		line += " · gap of " + gapSpan(p.offset(p.shown)-p.offset(p.shown-1)) + " skipped"
	}
	st := m.styles
	return st.Title.Render(inc.ID+" replay ") + st.Muted.Render(line)
}

// view is the visible part of the entries shown so far.
func (p *replay) view(m *app, height int) string {
	n := p.lineCount()
	if p.follow {
		p.top = n
	}
	p.top = clampTop(p.top, n, height)
	key := replayBodyKey{shown: p.shown, width: m.width, height: height, top: p.top, styles: m.stylesGen}
	return p.body.Get(key, func() string {
		lines := p.lines(m)
		return exactLines(strings.Join(lines[p.top:min(p.top+height, len(lines))], "\n"), height)
	})
}

// markedGap reports whether the quiet before entry i is long enough to
// mark.
func (p *replay) markedGap(i int) bool {
	return i > 0 && p.entries[i].Time.Sub(p.entries[i-1].Time) > replayGapMarked
}

// lineCount is how many lines the entries shown so far take.
func (p *replay) lineCount() int {
	n := p.shown
	for i := range p.shown {
		if p.markedGap(i) {
			n++
		}
	}
	return n
}

// lines are the entries shown so far, one line each, with a marker over
// each gap longer than a minute.
func (p *replay) lines(m *app) []string {
	var out []string
	for i, e := range p.entries[:p.shown] {
		if p.markedGap(i) {
			gap := e.Time.Sub(p.entries[i-1].Time)
			out = append(out, m.styles.Muted.Render("  ··· "+gapSpan(gap)+" later ···"))
		}
		text, _, _ := strings.Cut(model.Sanitize(e.Text, true), "\n")
		out = append(out, truncate(fmt.Sprintf("+%s  %s  %s", clockSpan(p.offset(i)), model.Sanitize(e.Actor, false), text), m.width))
	}
	return out
}

// clockSpan writes a replayed time as H:MM:SS.
func clockSpan(d time.Duration) string {
	s := int(d / time.Second)
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// gapSpan writes a gap in its largest whole unit: "2h", "15m", "40s".
func gapSpan(d time.Duration) string {
	switch {
	case d >= time.Hour:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d >= time.Minute:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return fmt.Sprintf("%ds", d/time.Second)
}
