package score

import (
	"testing"
)

// benchData is cresci-rtbust-2019, as the default model is trained (skips
// when the shared data is absent).
func benchData(b *testing.B) []Labeled {
	return loadCresci(b)
}

func benchTrain(b *testing.B, l Learner) {
	data := benchData(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := l.Fit(data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data)*b.N)/b.Elapsed().Seconds(), "accounts/s")
}

// BenchmarkTrain is the shipped trainer: a calibrated ensemble of three
// bagged boosters (five calibration fits and the final fit, each of three
// boosters).
func BenchmarkTrain(b *testing.B) { benchTrain(b, Boosted(TrainOptions{Seed: 1})) }

// BenchmarkTrainSingleTree is the naive peer.
func BenchmarkTrainSingleTree(b *testing.B) { benchTrain(b, SingleTree(1)) }

// BenchmarkTrainLogistic is the linear peer.
func BenchmarkTrainLogistic(b *testing.B) { benchTrain(b, Logistic()) }

func benchScore(b *testing.B, score func(x []float64)) {
	data := benchData(b)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		score(data[n%len(data)].Vector)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "accounts/s")
}

// BenchmarkScore scores with the embedded model and renders reasons, as
// 'botsweep score' does.
func BenchmarkScore(b *testing.B) {
	m, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	benchScore(b, func(x []float64) {
		s, cs := m.Explain(x)
		_ = m.Reasons(s, cs, 3)
	})
}

// BenchmarkScoreNoReasons scores with the embedded model only.
func BenchmarkScoreNoReasons(b *testing.B) {
	m, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	benchScore(b, func(x []float64) { m.Score(x) })
}

// BenchmarkScoreLogistic is the linear peer's scoring.
func BenchmarkScoreLogistic(b *testing.B) {
	pred := fitLogistic(benchData(b))
	benchScore(b, func(x []float64) { pred(x) })
}

// BenchmarkExtract is feature extraction from a profile.
func BenchmarkExtract(b *testing.B) {
	ds, _, err := Load(b.Context(), []string{cresciProfiles(b)}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	n := 0
	var v []float64
	for b.Loop() {
		v = ProfileVector(v, &ds.Accounts[n%len(ds.Accounts)], nil, ExtractOptions{})
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "accounts/s")
}
