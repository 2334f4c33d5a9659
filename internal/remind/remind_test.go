package remind

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		clock, days string
		calendar    string
		cron        string
		err         string
	}{
		{"07:30", "mon-fri", "Mon..Fri", "30 7 * * 1,2,3,4,5", ""},
		{"7:05", "", "", "5 7 * * *", ""},
		{"21:00", "sat,sun", "Sat,Sun", "0 21 * * 6,0", ""},
		{"21:00", "weekends", "Sat,Sun", "0 21 * * 6,0", ""},
		{"06:45", "mon,wed,fri", "Mon,Wed,Fri", "45 6 * * 1,3,5", ""},
		{"06:45", "fri-mon", "Mon,Fri..Sun", "45 6 * * 1,5,6,0", ""},
		{"06:45", "tuesday", "Tue", "45 6 * * 2", ""},
		{"25:00", "", "", "", "is not a time of day"},
		{"7.30", "", "", "", "is not a time of day"},
		{"07:30", "mon-fry", "", "", "use day names"},
	} {
		r, err := Parse(c.clock, c.days, "arrive")
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %s: err %v, want %q", c.clock, c.days, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s %s: %v", c.clock, c.days, err)
		}
		if got := r.calendar(); got != c.calendar {
			t.Errorf("%s %s: calendar %q, want %q", c.clock, c.days, got, c.calendar)
		}
		if got := r.Crontab(); !strings.HasPrefix(got, c.cron+" ") {
			t.Errorf("%s %s: crontab %q, want it to start %q", c.clock, c.days, got, c.cron)
		}
	}
	if _, err := Parse("07:30", "", "arrive; rm -rf ~"); err == nil {
		t.Error("a session name with a command in it was taken")
	}
}

func TestUnits(t *testing.T) {
	r, err := Parse("07:30", "mon-fri", "body-scan")
	if err != nil {
		t.Fatal(err)
	}
	timer := `[Unit]
Description=exhale: a reminder to practise (Mon..Fri at 07:30, suggesting body-scan)

[Timer]
OnCalendar=Mon..Fri *-*-* 07:30:00
Unit=exhale-remind-0730.service

[Install]
WantedBy=timers.target
`
	if got := r.Timer(); got != timer {
		t.Errorf("timer:\n%s\nwant:\n%s", got, timer)
	}
	service := `[Unit]
Description=exhale: an invitation to practise

[Service]
Type=oneshot
ExecStart=/usr/bin/env notify-send --app-name=exhale "A few minutes for yourself?" "When it suits you: exhale play body-scan"
`
	if got := r.Service(); got != service {
		t.Errorf("service:\n%s\nwant:\n%s", got, service)
	}
	r.UID = 1000
	if got, want := r.Crontab(), "30 7 * * 1,2,3,4,5 DISPLAY=:0 DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus notify-send --app-name=exhale 'A few minutes for yourself?' 'When it suits you: exhale play body-scan' # exhale-remind-0730"; got != want {
		t.Errorf("crontab:\n%s\nwant:\n%s", got, want)
	}
}
