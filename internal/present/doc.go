// Package present shows a playing session to the person listening: a calm
// full-screen view in a terminal, or plain timestamped lines when the output
// is not a terminal (screen readers, logs, pipes). It also shows a script's
// notice before playback and waits for the listener.
//
// The package only draws what the player reports and turns keys into player
// commands. It sees the player through the small [Controller] interface,
// polls [Controller.Snapshot] on its own schedule, and never blocks the
// player: there is no call into this package from the audio path.
//
// The full-screen view (see [FullScreen]) is built for someone lying down
// with eyes closed or half-closed: soft colours on the terminal's own
// background, slow motion, nothing that flashes. While the breathing shape
// moves it looks up to 5 times a second, timed to when the shape will have
// grown or shrunk by a braille dot; otherwise 4 times a second (at the
// sound device's pulls when the controller is [Paced]). Bubble Tea reads
// the keys; the view paints itself, writing only the rows that changed
// (see painter), so a frame costs what changed rather than the size of the
// terminal. It always leaves the terminal as it found it: on a normal end,
// on a cancelled context, and when the view itself panics.
//
// [Plain] prints one line per event, "[mm:ss] text", with no escape codes.
//
// All text from a script (title, captions, notice) is cleaned of control
// characters before it reaches the terminal, so a script received from
// someone else cannot move the cursor, change colours or retitle the window.
package present
