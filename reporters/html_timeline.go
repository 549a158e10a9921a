package reporters

import (
	"fmt"
	"time"
)

// htmlTimeline is the SVG of when the credentials were first committed:
// one bar per month, the part still present in red, the part only
// history holds in grey. Months keep the drawing small however many
// credentials there are.
type htmlTimeline struct {
	Width, Height float64
	Bars          []htmlBar
	Ticks         []htmlTick
}

type htmlBar struct {
	X, W               float64
	PresentY, PresentH float64
	HistoryY, HistoryH float64
	Title              string
}

type htmlTick struct {
	X     float64
	Label string
}

const (
	timelineWidth  = 900
	timelineHeight = 140
	timelineTop    = 22
	timelineLeft   = 30
)

func newTimeline(rows []htmlRow) htmlTimeline {
	type month struct{ present, history int }
	months := map[time.Time]*month{}
	var first, last time.Time
	for _, r := range rows {
		if r.First.IsZero() {
			continue
		}
		m := time.Date(r.First.Year(), r.First.Month(), 1, 0, 0, 0, 0, time.UTC)
		if months[m] == nil {
			months[m] = &month{}
		}
		if r.Present {
			months[m].present++
		} else {
			months[m].history++
		}
		if first.IsZero() || m.Before(first) {
			first = m
		}
		if m.After(last) {
			last = m
		}
	}
	t := htmlTimeline{Width: timelineWidth, Height: timelineHeight}
	if first.IsZero() {
		return t
	}
	n := max((last.Year()-first.Year())*12+int(last.Month()-first.Month())+1, 12) // a year at least: bars stay bars
	most := 1
	for _, m := range months {
		most = max(most, m.present+m.history)
	}
	w := float64(timelineWidth-timelineLeft) / float64(n)
	scale := float64(timelineHeight-timelineTop-4) / float64(most)
	for i := range n {
		at := first.AddDate(0, i, 0)
		x := timelineLeft + float64(i)*w
		if at.Month() == time.January || i == 0 {
			t.Ticks = append(t.Ticks, htmlTick{X: x, Label: at.Format("2006-01")})
		}
		m := months[at]
		if m == nil {
			continue
		}
		ph, hh := float64(m.present)*scale, float64(m.history)*scale
		t.Bars = append(t.Bars, htmlBar{
			X: x + w*0.1, W: w * 0.8,
			PresentY: timelineHeight - ph, PresentH: ph,
			HistoryY: timelineHeight - ph - hh, HistoryH: hh,
			Title: fmt.Sprintf("%s: %d first committed, %d still present", at.Format("2006-01"), m.present+m.history, m.present),
		})
	}
	return t
}
