//go:build !race

package score

// raceEnabled is true under the race detector.
const raceEnabled = false
