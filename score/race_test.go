//go:build race

package score

// raceEnabled is true under the race detector: the long, single-goroutine
// cross-validation test is skipped there (it runs without -race).
const raceEnabled = true
