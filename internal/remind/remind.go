// Package remind describes practice reminders: a time of day and the days
// of the week, with the session to suggest, written as a systemd user
// timer and service, or as a crontab line where systemd is not there.
// The reminder itself is a desktop notification (notify-send) inviting
// practice; it never plays anything.
package remind

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// Reminder is one reminder.
type Reminder struct {
	Hour, Minute int
	Days         []int // 0 Monday … 6 Sunday, in order; all seven for every day
	Session      string
	UID          int // the user's id, for the crontab line's session bus
}

var dayNames = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
var systemdDays = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

var clockRe = regexp.MustCompile(`^([01]?\d|2[0-3]):([0-5]\d)$`)

// sessionRe is what a suggested session may be called: a name, as
// `exhale list` shows it (it is written into the unit and the command).
var sessionRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// Parse reads a time ("07:30"), days ("mon-fri", "mon,wed,fri", "daily",
// "weekends", "weekdays") and a session name.
func Parse(clock, days, session string) (Reminder, error) {
	var r Reminder
	m := clockRe.FindStringSubmatch(strings.TrimSpace(clock))
	if m == nil {
		return r, fmt.Errorf("%q is not a time of day: write it as HH:MM, like 07:30 or 21:00", clock)
	}
	r.Hour, _ = strconv.Atoi(m[1])
	r.Minute, _ = strconv.Atoi(m[2])
	d, err := parseDays(days)
	if err != nil {
		return r, err
	}
	r.Days = d
	if !sessionRe.MatchString(session) {
		return r, fmt.Errorf("%q is not a session name (as `exhale list` shows them)", session)
	}
	r.Session = session
	r.UID = os.Getuid()
	return r, nil
}

func parseDays(s string) ([]int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "", "daily", "every-day", "all":
		return []int{0, 1, 2, 3, 4, 5, 6}, nil
	case "weekdays":
		s = "mon-fri"
	case "weekends":
		s = "sat-sun"
	}
	var on [7]bool
	for _, part := range strings.Split(s, ",") {
		from, to, ranged := strings.Cut(strings.TrimSpace(part), "-")
		a, b := dayIndex(from), dayIndex(to)
		if !ranged {
			b = a
		}
		if a < 0 || b < 0 {
			return nil, fmt.Errorf("days %q: use day names like mon-fri, sat,sun or daily", s)
		}
		for i := a; ; i = (i + 1) % 7 {
			on[i] = true
			if i == b {
				break
			}
		}
	}
	var out []int
	for i, ok := range on {
		if ok {
			out = append(out, i)
		}
	}
	return out, nil
}

func dayIndex(s string) int {
	s = strings.TrimSpace(s)
	for i, n := range dayNames {
		if len(s) >= 3 && strings.HasPrefix(n+"day", s) || s == n {
			return i
		}
	}
	for i, n := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		if s == n {
			return i
		}
	}
	return -1
}

// Name is the reminder's unit name: exhale-remind-HHMM.
func (r Reminder) Name() string { return fmt.Sprintf("exhale-remind-%02d%02d", r.Hour, r.Minute) }

// Clock is "07:30".
func (r Reminder) Clock() string { return fmt.Sprintf("%02d:%02d", r.Hour, r.Minute) }

// calendar is the systemd OnCalendar days: "Mon..Fri", "Mon,Wed,Fri", or
// "" for every day.
func (r Reminder) calendar() string {
	if len(r.Days) == 7 {
		return ""
	}
	var parts []string
	for i := 0; i < len(r.Days); {
		j := i
		for j+1 < len(r.Days) && r.Days[j+1] == r.Days[j]+1 {
			j++
		}
		switch {
		case j-i >= 2:
			parts = append(parts, systemdDays[r.Days[i]]+".."+systemdDays[r.Days[j]])
		default:
			for k := i; k <= j; k++ {
				parts = append(parts, systemdDays[r.Days[k]])
			}
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// Describe is the reminder for people: "Mon..Fri at 07:30: arrive".
func (r Reminder) Describe() string {
	days := r.calendar()
	if days == "" {
		days = "every day"
	}
	return fmt.Sprintf("%s at %s, suggesting %s", days, r.Clock(), r.Session)
}

// notify is the notification's command line, as words.
func (r Reminder) notify() []string {
	return []string{"notify-send", "--app-name=exhale", "A few minutes for yourself?", "When it suits you: exhale play " + r.Session}
}

// Timer is the systemd user timer.
func (r Reminder) Timer() string {
	when := fmt.Sprintf("*-*-* %02d:%02d:00", r.Hour, r.Minute)
	if d := r.calendar(); d != "" {
		when = d + " " + when
	}
	return fmt.Sprintf(`[Unit]
Description=exhale: a reminder to practise (%s)

[Timer]
OnCalendar=%s
Unit=%s.service

[Install]
WantedBy=timers.target
`, r.Describe(), when, r.Name())
}

// Service is the systemd user service the timer starts.
func (r Reminder) Service() string {
	var quoted []string
	for _, w := range r.notify() {
		if strings.ContainsAny(w, " ?:") {
			w = `"` + w + `"`
		}
		quoted = append(quoted, w)
	}
	return fmt.Sprintf(`[Unit]
Description=exhale: an invitation to practise

[Service]
Type=oneshot
ExecStart=/usr/bin/env %s
`, strings.Join(quoted, " "))
}

// Crontab is the reminder as a crontab line.
func (r Reminder) Crontab() string {
	days := "*"
	if len(r.Days) != 7 {
		var ds []string
		for _, d := range r.Days {
			ds = append(ds, strconv.Itoa((d+1)%7)) // cron: 0 Sunday, 1 Monday
		}
		days = strings.Join(ds, ",")
	}
	var quoted []string
	for _, w := range r.notify() {
		if strings.ContainsAny(w, " ?:") {
			w = "'" + w + "'"
		}
		quoted = append(quoted, w)
	}
	// cron gives a job no desktop session: notify-send needs its display
	// and its session bus (the user's, at /run/user/UID/bus).
	return fmt.Sprintf("%d %d * * %s DISPLAY=:0 DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/%d/bus %s # %s",
		r.Minute, r.Hour, days, r.UID, strings.Join(quoted, " "), r.Name())
}
