package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/exhale-audio/exhale/internal/config"
	"github.com/exhale-audio/exhale/internal/journal"
	"github.com/exhale-audio/exhale/internal/player"
)

// practice is what play records in the journal, and asks for it.
type practice struct {
	env    *Env
	ask    bool      // ask for tension ratings
	keep   bool      // write the journal
	prompt io.Writer // where the questions go
	before *int
	// afterCR: the last line ended with \r, so a \n next belongs to it.
	afterCR bool
}

// newPractice decides what to record and ask. Ratings are asked only for
// the journal, and only of someone who can answer: standard input is a
// terminal, or --ask-tension was given on purpose (a line is then read
// from whatever standard input is). The questions go to the terminal:
// standard output if it is one, else standard error.
func newPractice(env *Env, flag, flagSet, noJournal bool, cfg config.Config) *practice {
	p := &practice{env: env, keep: cfg.Journal && !noJournal, prompt: env.Stdout}
	in, isTerm := env.Stdin.(*os.File)
	isTerm = isTerm && isTerminal(in)
	want := cfg.AskTension
	if flagSet {
		want = flag // the command line comes first: --ask-tension=false too
	}
	p.ask = p.keep && want && (isTerm || flag)
	if f, ok := env.Stdout.(*os.File); !ok || !isTerminal(f) {
		if f, ok := env.Stderr.(*os.File); ok && isTerminal(f) {
			p.prompt = env.Stderr
		}
	}
	return p
}

// rating asks a question and reads a rating 0-10: a line, read a byte at
// a time so that nothing meant for the screen's keys is taken. Enter
// skips; something else is asked once more. A signal on cancel skips.
func (p *practice) rating(cancel <-chan os.Signal, question string) *int {
	for try := 0; try < 2; try++ {
		fmt.Fprint(p.prompt, question)
		line, ok := p.readLine(cancel)
		if !ok || strings.TrimSpace(line) == "" {
			return nil
		}
		if n, err := strconv.Atoi(strings.TrimSpace(line)); err == nil && n >= 0 && n <= 10 {
			return &n
		}
		fmt.Fprintln(p.prompt, "A number from 0 (none) to 10 (a great deal), please, or Enter to skip.")
	}
	return nil
}

// readLine reads a line from standard input; false at its end, after a
// signal on cancel, or when the input keeps giving nothing.
func (p *practice) readLine(cancel <-chan os.Signal) (string, bool) {
	if p.env.Stdin == nil {
		return "", false
	}
	type result struct {
		line string
		ok   bool
	}
	got := make(chan result, 1)
	go func() {
		var b strings.Builder
		one := make([]byte, 1)
		empty := 0
		for b.Len() < 500 {
			n, err := p.env.Stdin.Read(one)
			if n == 1 {
				empty = 0
				if one[0] == '\n' && p.afterCR && b.Len() == 0 {
					p.afterCR = false // the rest of a \r\n
					continue
				}
				if one[0] == '\n' || one[0] == '\r' { // \r: Enter on a raw terminal
					p.afterCR = one[0] == '\r'
					got <- result{b.String(), true}
					return
				}
				p.afterCR = false
				b.WriteByte(one[0])
			} else if empty++; empty > 100 {
				break
			}
			if err != nil {
				break
			}
		}
		got <- result{b.String(), b.Len() > 0}
	}()
	select {
	case r := <-got:
		if !r.ok {
			fmt.Fprintln(p.prompt) // the input ended: end the question's line
		}
		return r.line, r.ok
	case <-cancel:
		fmt.Fprintln(p.prompt)
		return "", false
	}
}

// lostOutcome is how the session ended, when the player alone cannot say:
// the sound output going away interrupts a session that had not yet
// completed.
func lostOutcome(err error, pl *player.Player, lost bool) journal.Outcome {
	if lost && pl.Outcome() != player.Completed {
		return journal.Interrupted
	}
	return ""
}

// record asks the questions after the session (unless it was interrupted,
// or a signal comes on cancel) and appends the session to the journal.
func (p *practice) record(l *loaded, pl *player.Player, start time.Time, override journal.Outcome, cancel <-chan os.Signal) error {
	if !p.keep {
		return nil
	}
	out := journal.Outcome(pl.Outcome())
	if override != "" || out == "" {
		out = journal.Interrupted
	}
	var after *int
	var note string
	if p.ask && out != journal.Interrupted {
		after = p.rating(cancel, "And now, how much tension do you notice? 0-10 (Enter skips): ")
		fmt.Fprint(p.prompt, "A note for your journal, if you like (Enter skips): ")
		if line, ok := p.readLine(cancel); ok {
			note = strings.TrimSpace(line)
		}
	}
	path, err := journal.DefaultPath(p.env.Getenv)
	if err != nil {
		return err
	}
	heard, share := pl.Practice()
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
