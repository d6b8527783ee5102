package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/elapsed"
)

// statsWindow is how far back the list's response times look.
const statsWindow = 30 * 24 * time.Hour

// statsKey is what the stats line depends on: the state, the day (the
// window slides at midnight UTC, events or not), the width and the theme.
type statsKey struct {
	seq           uint64
	day           model.Day
	width, styles int
}

// statsLine reads "MTTA/MTTR SEV1 4m/1h12m · SEV2 9m/–   23 in 30d
// ▁▂▅▁▃…": the mean times to acknowledge and to resolve of each
// severity that had incidents, and a sparkline of incidents per day. It is
// worked out once per state and day, not once per frame.
func (l *listScreen) statsLine(m *app) string {
	now := m.now()
	key := statsKey{seq: m.state.Seq, day: model.DayOf(now), width: m.width, styles: m.stylesGen}
	return l.stats.Get(key, func() string {
		st := m.state.ResponseStats(now, statsWindow)
		days := int(statsWindow / (24 * time.Hour))
		var parts []string
		for _, sev := range st.BySeverity {
			if sev.Count > 0 {
				parts = append(parts, m.styles.Text.Render(sev.Severity.String()+" "+
					meanTime(sev.MeanToAcknowledge, sev.Acknowledged)+"/"+meanTime(sev.MeanToResolve, sev.Resolved)))
			}
		}
		left := m.styles.Muted.Render("MTTA/MTTR ") + strings.Join(parts, m.styles.Muted.Render(" · "))
		right := m.styles.Muted.Render(fmt.Sprintf("%d in %dd ", st.Total, days)) +
			m.styles.Accent.Render(sparkline(st.PerDay))
		if st.Total == 0 {
			left = ""
		}
		return spread(left, right, m.width)
	})
}

// meanTime is a mean duration at a glance ("4m", "1h12m"), or a dash
// when no incident counted towards it.
func meanTime(d time.Duration, over int) string {
	if over == 0 {
		return "–"
	}
	return strings.ReplaceAll(elapsed.Minutes.Format(d), " ", "")
}

// sparkLevels are the bars of a sparkline, lowest first: an empty day
// shows the lowest, so that the line keeps its length and its baseline.
const sparkLevels = "▁▂▃▄▅▆▇█"

// sparkline draws counts as one bar each, scaled to the largest.
func sparkline(counts []int) string {
	levels := []rune(sparkLevels)
	top := 0
	for _, c := range counts {
		top = max(top, c)
	}
	var b strings.Builder
	for _, c := range counts {
		i := 0
		if top > 0 && c > 0 {
			// Any incident lifts a day off the baseline.
			i = 1 + c*(len(levels)-2)/top
		}
		b.WriteRune(levels[min(i, len(levels)-1)])
	}
	return b.String()
}
