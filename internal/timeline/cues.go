package timeline

// CueSheet is the schedule's public, machine-readable form: what
// `exhale show --json` and `exhale render --cues` write. Its shape is a
// contract other tools read; change it only by adding fields.
type CueSheet struct {
	Title    string `json:"title"`
	Rate     int    `json:"rate"`
	Samples  int64  `json:"samples"`
	Duration string `json:"duration"`
	Events   []Cue  `json:"events"`
}

// Cue is one event of a CueSheet. Start and End are sample positions at
// the sheet's rate; End is where the event's own sound ends.
type Cue struct {
	Index    int    `json:"index"`
	ID       string `json:"id"`
	Kind     Kind   `json:"kind"`
	Start    int64  `json:"start"`
	End      int64  `json:"end"`
	Caption  string `json:"caption"`
	StepLine int    `json:"step_line"`
}

// CueSheet returns the schedule as a cue sheet.
func (s *Schedule) CueSheet() CueSheet {
	cs := CueSheet{
		Title:    s.Title,
		Rate:     s.Rate,
		Samples:  s.Samples,
		Duration: s.Duration(s.Samples).String(),
		Events:   make([]Cue, len(s.Events)),
	}
	for i, e := range s.Events {
		cs.Events[i] = Cue{Index: e.Index, ID: e.ID, Kind: e.Kind, Start: e.Start, End: e.End, Caption: e.Caption, StepLine: e.StepPos.Line}
	}
	return cs
}
