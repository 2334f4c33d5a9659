package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/exhale-audio/exhale/internal/journal"
	"github.com/exhale-audio/exhale/internal/player"
)

// practice is what play records in the journal, and asks for it.
type practice struct {
	env    *Env
	ask    bool // ask for tension ratings
	keep   bool // write the journal
	before *int
}

// rating asks a question and reads a rating 0-10 from standard input: a
// line, read a byte at a time so that nothing meant for the screen's keys
// is taken. Enter (or anything not a rating, after one more try) skips.
func (p *practice) rating(question string) *int {
	for try := 0; try < 2; try++ {
		fmt.Fprint(p.env.Stdout, question)
		line, ok := p.readLine()
		if !ok || strings.TrimSpace(line) == "" {
			return nil
		}
		if n, err := strconv.Atoi(strings.TrimSpace(line)); err == nil && n >= 0 && n <= 10 {
			return &n
		}
		fmt.Fprintln(p.env.Stdout, "A number from 0 (none) to 10 (a great deal), please, or Enter to skip.")
	}
	return nil
}

func (p *practice) readLine() (string, bool) {
	if p.env.Stdin == nil {
		return "", false
	}
	var b strings.Builder
	one := make([]byte, 1)
	for b.Len() < 500 {
		n, err := p.env.Stdin.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				return strings.TrimSuffix(b.String(), "\r"), true
			}
			b.WriteByte(one[0])
		}
		if err != nil {
			return b.String(), err != io.EOF || b.Len() > 0
		}
	}
	return b.String(), true
}

// lostOutcome reads play's error: the sound output failing, or an
// interruption, makes an interrupted session whatever the player says.
func lostOutcome(err error) journal.Outcome {
	var ee *ExitError
	if errors.As(err, &ee) && (ee.Code == ExitNoDevice || ee.Code == ExitInterrupted) {
		return journal.Interrupted
	}
	return ""
}

// record asks the questions after the session, if asked to, and appends
// the session to the journal, if kept.
func (p *practice) record(l *loaded, pl *player.Player, start time.Time, override journal.Outcome) error {
	var after *int
	var note string
	if p.ask {
		after = p.rating("And now, how much tension do you notice? 0-10 (Enter skips): ")
		fmt.Fprint(p.env.Stdout, "A note for your journal, if you like (Enter skips): ")
		if line, ok := p.readLine(); ok {
			note = strings.TrimSpace(line)
		}
	}
	if !p.keep {
		return nil
	}
	path, err := journal.DefaultPath(p.env.Getenv)
	if err != nil {
		return err
	}
	heard, share := pl.Practice()
	out := journal.Outcome(pl.Outcome())
	if override != "" || out == "" {
		out = journal.Interrupted
	}
	return journal.Journal{Path: path}.Append(journal.Record{
		Session: l.entry.Name, Title: l.session.Title, Version: version(l),
		Start: start.Round(time.Second), Heard: heard.Round(100 * time.Millisecond).Seconds(), Completed: round3(share),
		Outcome: out, TensionBefore: p.before, TensionAfter: after, Note: note,
	})
}

// version is a hash of the compiled session: an edited script, or other
// flags, make another version.
func version(l *loaded) string {
	b, _ := json.Marshal(l.schedule)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:6])
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
