package journal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func rating(n int) *int { return &n }

func rec(session string, start time.Time, minutes float64) Record {
	return Record{Session: session, Title: session, Version: "v", Start: start, Heard: minutes * 60, Completed: 1, Outcome: Completed}
}

func TestAppendAndRead(t *testing.T) {
	j := Journal{Path: filepath.Join(t.TempDir(), "sub", "journal.jsonl")}
	start := time.Date(2026, 11, 2, 7, 30, 0, 0, time.FixedZone("CET", 3600))
	r := rec("arrive", start, 5.5)
	r.TensionBefore, r.TensionAfter, r.Note = rating(6), rating(3), "shoulders softer"
	if err := j.Append(r); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(j.Path)
	if !bytes.HasSuffix(b, []byte("\n")) || bytes.Count(b, []byte("\n")) != 1 || !bytes.Contains(b, []byte(`"start":"2026-11-02T07:30:00+01:00"`)) {
		t.Errorf("the file holds %q", b)
	}
	got, bad, err := j.Read()
	if err != nil || len(bad) != 0 || len(got) != 1 {
		t.Fatalf("read %v, %v, %v", got, bad, err)
	}
	if g := got[0]; g.Session != "arrive" || !g.Start.Equal(start) || *g.TensionAfter != 3 || g.Note != "shoulders softer" {
		t.Errorf("read back %+v", g)
	}
}

// TestDamagedLines: a line cut short (a crash elsewhere), one edited by
// hand into nonsense and one out of range are skipped, each named by its
// line; the others are read; a record appended after a cut line starts
// on a line of its own.
func TestDamagedLines(t *testing.T) {
	j := Journal{Path: filepath.Join(t.TempDir(), "journal.jsonl")}
	good := func(s string) string {
		b, _ := json.Marshal(rec(s, time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC), 5))
		return string(b)
	}
	content := good("one") + "\n" + "{not json\n" + good("two") + "\n" +
		`{"session":"x","start":"2026-01-01T08:00:00Z","heard":60,"completed":1,"outcome":"completed","tension_before":11}` + "\n\n" +
		good("three")[:40] // cut short, no line break
	os.WriteFile(j.Path, []byte(content), 0o644)
	if err := j.Append(rec("four", time.Date(2026, 1, 2, 8, 0, 0, 0, time.UTC), 5)); err != nil {
		t.Fatal(err)
	}
	got, bad, err := j.Read()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range got {
		names = append(names, r.Session)
	}
	if strings.Join(names, " ") != "one two four" {
		t.Errorf("records %q, want one two four", names)
	}
	if fmt.Sprint(bad) != "[{2} {4} {6}]" {
		t.Errorf("damaged lines %v, want 2, 4 and 6", bad)
	}
}

// TestHelperAppend is not a test: TestConcurrentAppends runs the test
// binary with JOURNAL_APPEND set to append records from another process.
func TestHelperAppend(t *testing.T) {
	path := os.Getenv("JOURNAL_APPEND")
	if path == "" {
		return
	}
	id, _ := strconv.Atoi(os.Getenv("JOURNAL_ID"))
	j := Journal{Path: path}
	for k := range 50 {
		r := rec(fmt.Sprintf("p%d-%d", id, k), time.Now(), 1)
		r.Note = strings.Repeat("long note ", 200) // bigger than a pipe's atomic write
		if err := j.Append(r); err != nil {
			t.Fatal(err)
		}
	}
}

// TestConcurrentAppends: 6 processes × 50 records at once: every record
// is there, whole, once.
func TestConcurrentAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	var cmds []*exec.Cmd
	for i := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperAppend$")
		cmd.Env = append(os.Environ(), "JOURNAL_APPEND="+path, "JOURNAL_ID="+strconv.Itoa(i))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	got, bad, err := Journal{Path: path}.Read()
	if err != nil || len(bad) != 0 {
		t.Fatalf("read: %v, damaged %v", err, bad)
	}
	seen := map[string]bool{}
	for _, r := range got {
		if seen[r.Session] {
			t.Errorf("%s twice", r.Session)
		}
		seen[r.Session] = true
	}
	if len(seen) != 300 {
		t.Errorf("%d records, want 300", len(seen))
	}
}

// TestStreaksAcrossZonesAndDST: days are counted in the listener's zone,
// whatever the offset a record was made with, and across the changes of
// summer time.
func TestStreaksAcrossZonesAndDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, berlin) }
	recs := []Record{
		// 23:30 on Saturday 28 March, 2026, in Berlin, written in UTC.
		rec("arrive", at(2026, 3, 28, 23, 30).UTC(), 5),
		// Sunday 29 March: clocks go forward at 02:00; 01:30 and 03:30.
		rec("arrive", at(2026, 3, 29, 1, 30), 5),
		rec("sleep", at(2026, 3, 29, 3, 30), 15),
		// Monday 30, Tuesday 31: written in New York's time.
		rec("box", at(2026, 3, 30, 7, 0).In(mustZone(t, "America/New_York")), 8),
		rec("box", at(2026, 3, 31, 0, 10), 8),
		// A gap on 1 April, then 2 and 3 April.
		rec("arrive", at(2026, 4, 2, 22, 0), 5),
		rec("arrive", at(2026, 4, 3, 6, 0), 5),
		// A clock set wrong: days after today make no streak.
		rec("arrive", at(2026, 5, 1, 8, 0), 5),
		rec("arrive", at(2026, 5, 2, 8, 0), 5),
		rec("arrive", at(2026, 5, 3, 8, 0), 5),
		rec("arrive", at(2026, 5, 4, 8, 0), 5),
		rec("arrive", at(2026, 5, 5, 8, 0), 5),
	}
	for _, c := range []struct {
		now           time.Time
		current, long int
	}{
		{at(2026, 4, 3, 20, 0), 2, 4},   // today counts
		{at(2026, 4, 4, 9, 0), 2, 4},    // yesterday's streak is alive until today ends
		{at(2026, 4, 5, 9, 0), 0, 4},    // broken
		{at(2026, 3, 31, 23, 59), 4, 4}, // 28, 29, 30, 31 March
	} {
		s := Summarize(recs, c.now, 0)
		if s.CurrentStreak != c.current || s.LongestStreak != c.long {
			t.Errorf("at %v: streaks %d and %d, want %d and %d", c.now, s.CurrentStreak, s.LongestStreak, c.current, c.long)
		}
	}
	// In Tokyo (UTC+9) the 23:30 Berlin record falls on the 29th, with the
	// next two; then the 30th (14:00), the 31st (07:10), and the last two
	// both on 3 April: the days are 29, 30, 31 and 3, the longest run
	// three days.
	tokyo := mustZone(t, "Asia/Tokyo")
	if s := Summarize(recs, time.Date(2026, 4, 3, 20, 0, 0, 0, tokyo), 0); s.LongestStreak != 3 {
		t.Errorf("in Tokyo: longest streak %d, want 3", s.LongestStreak)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestSummarize(t *testing.T) {
	utc := time.UTC
	// Wednesday 25 November 2026.
	now := time.Date(2026, 11, 25, 18, 0, 0, 0, utc)
	d := func(day, h int) time.Time { return time.Date(2026, 11, day, h, 0, 0, 0, utc) }
	a := rec("arrive", d(23, 8), 6) // Monday: this week
	a.TensionBefore, a.TensionAfter = rating(7), rating(4)
	b := rec("arrive", d(25, 8), 6) // today
	b.TensionBefore, b.TensionAfter = rating(5), rating(4)
	c := rec("body-scan", d(20, 21), 21) // last Friday
	c.TensionBefore, c.TensionAfter = rating(6), rating(2)
	e := rec("box", d(25, 12), 8) // today again, not rated
	s := Summarize([]Record{c, a, b, e}, now, 3)
	if s.Sessions != 4 || s.Minutes != 41 || s.WeekSessions != 3 || s.WeekMinutes != 20 {
		t.Errorf("totals %+v", s)
	}
	if s.Rated != 3 || s.TensionChange != -8.0/3 {
		t.Errorf("tension change %.3f over %d, want -2.667 over 3", s.TensionChange, s.Rated)
	}
	if s.BySession[0].Session != "arrive" || s.BySession[0].TensionChange != -2 || s.BySession[1].Session != "body-scan" {
		t.Errorf("by session %+v", s.BySession)
	}
	if s.CurrentStreak != 1 || s.LongestStreak != 1 {
		t.Errorf("streaks %d %d", s.CurrentStreak, s.LongestStreak)
	}
	// Three weeks, Monday 9 November to Sunday 29: the 20th (Friday of the
	// second week) has 21 minutes, Monday of this week 6, today 14, the
	// days after today -1.
	want := [][7]float64{{0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 21, 0, 0}, {6, 0, 14, -1, -1, -1, -1}}
	if fmt.Sprint(s.Calendar) != fmt.Sprint(want) || !s.CalendarStart.Equal(time.Date(2026, 11, 9, 0, 0, 0, 0, utc)) {
		t.Errorf("calendar from %v: %v, want %v", s.CalendarStart, s.Calendar, want)
	}
}

// TestAppendWaitsForTheLock: while another holds the journal's lock, an
// append waits; once it is let go, the record is written.
func TestAppendWaitsForTheLock(t *testing.T) {
	j := Journal{Path: filepath.Join(t.TempDir(), "journal.jsonl")}
	if err := j.Append(rec("first", time.Now(), 1)); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(j.Path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := flock(f, syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- j.Append(rec("second", time.Now(), 1)) }()
	select {
	case err := <-done:
		t.Fatalf("Append finished (%v) while the lock was held", err)
	case <-time.After(300 * time.Millisecond):
	}
	flock(f, syscall.LOCK_UN)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got, _, _ := j.Read(); len(got) != 2 {
		t.Errorf("%d records, want 2", len(got))
	}
	if st, _ := os.Stat(j.Path); st.Mode().Perm() != 0o600 {
		t.Errorf("the journal's mode is %v, want 0600: it is private", st.Mode().Perm())
	}
}
