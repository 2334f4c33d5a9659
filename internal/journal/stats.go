package journal

import (
	"sort"
	"time"
)

// Count is what one session adds up to.
type Count struct {
	Session       string
	Sessions      int
	Minutes       float64
	TensionChange float64 // the mean of after − before, over Rated records
	Rated         int     // records with a rating before and after
}

// Stats is what the journal adds up to at a moment.
type Stats struct {
	Sessions      int
	Minutes       float64
	WeekSessions  int // this week, from Monday
	WeekMinutes   float64
	CurrentStreak int // days in a row with practice, up to today (or yesterday: today is not over)
	LongestStreak int
	BySession     []Count // most practised first
	TensionChange float64 // the mean of after − before, over Rated records
	Rated         int
	// Calendar is minutes of practice a day, a week (Monday to Sunday)
	// to a row, the oldest week first, ending with this week; days still
	// to come are -1. CalendarStart is the first row's Monday.
	Calendar      [][7]float64
	CalendarStart time.Time
}

// day is a calendar date as a number of days: the same for every moment
// of that date in the zone, whatever the zone's offset or a change of
// summer time.
func day(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func dateOf(n int64) time.Time { return time.Unix(n*86400, 0).UTC() }

// Summarize adds up records as of now, counting days in now's zone, with
// a calendar of the last weeks weeks.
func Summarize(recs []Record, now time.Time, weeks int) Stats {
	loc := now.Location()
	today := day(now, loc)
	monday := today - int64((int(dateOf(today).Weekday())+6)%7)
	var s Stats
	perDay := map[int64]float64{}
	practised := map[int64]bool{}
	by := map[string]*Count{}
	var change float64
	for _, r := range recs {
		min := r.Heard / 60
		d := day(r.Start, loc)
		s.Sessions++
		s.Minutes += min
		perDay[d] += min
		if r.Heard > 0 && d <= today { // a clock set wrong makes no streak
			practised[d] = true
		}
		if d >= monday && d <= today {
			s.WeekSessions++
			s.WeekMinutes += min
		}
		c := by[r.Session]
		if c == nil {
			c = &Count{Session: r.Session}
			by[r.Session] = c
		}
		c.Sessions++
		c.Minutes += min
		if r.TensionBefore != nil && r.TensionAfter != nil {
			delta := float64(*r.TensionAfter - *r.TensionBefore)
			c.TensionChange += delta
			c.Rated++
			change += delta
			s.Rated++
		}
	}
	if s.Rated > 0 {
		s.TensionChange = change / float64(s.Rated)
	}
	for _, c := range by {
		if c.Rated > 0 {
			c.TensionChange /= float64(c.Rated)
		}
		s.BySession = append(s.BySession, *c)
	}
	sort.Slice(s.BySession, func(i, j int) bool {
		a, b := s.BySession[i], s.BySession[j]
		if a.Sessions != b.Sessions {
			return a.Sessions > b.Sessions
		}
		if a.Minutes != b.Minutes {
			return a.Minutes > b.Minutes
		}
		return a.Session < b.Session
	})

	// Streaks.
	days := make([]int64, 0, len(practised))
	for d := range practised {
		days = append(days, d)
	}
	sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
	run := 0
	for i, d := range days {
		if i > 0 && d == days[i-1]+1 {
			run++
		} else {
			run = 1
		}
		s.LongestStreak = max(s.LongestStreak, run)
	}
	from := today
	if !practised[today] {
		from = today - 1
	}
	for d := from; practised[d]; d-- {
		s.CurrentStreak++
	}

	// The calendar.
	if weeks > 0 {
		start := monday - int64(7*(weeks-1))
		s.CalendarStart = dateOf(start)
		s.Calendar = make([][7]float64, weeks)
		for w := range weeks {
			for k := range 7 {
				d := start + int64(7*w+k)
				if d > today {
					s.Calendar[w][k] = -1
				} else {
					s.Calendar[w][k] = perDay[d]
				}
			}
		}
	}
	return s
}
