package score

import (
	"math"
	"testing"
)

func TestZZAblation(t *testing.T) {
	base := loadCresci(t)
	for _, b := range loadBotwiki(t) {
		b.Weight = 0.5
		base = append(base, b)
	}
	drop := []int{FeatureIndex("has_extended_profile"), FeatureIndex("geo_enabled"), FeatureIndex("has_banner")}
	abl := make([]Labeled, len(base))
	for i, l := range base {
		v := append([]float64(nil), l.Vector...)
		for _, f := range drop {
			v[f] = math.NaN()
		}
		abl[i] = l
		abl[i].Vector = v
	}
	for _, variant := range []struct {
		name string
		data []Labeled
	}{{"without", abl}, {"with", base}} {
		var sp, sr, sf, sa, se float64
		for seed := uint64(1); seed <= 5; seed++ {
			ms, err := CrossValidate(variant.data, 5, seed, Boosted(TrainOptions{Seed: seed}))
			if err != nil {
				t.Fatal(err)
			}
			m := ms[0]
			ece := 0.0
			for _, bin := range m.Reliability {
				ece += float64(bin.Count) * math.Abs(bin.MeanScore-bin.BotShare)
			}
			ece /= float64(len(m.Scores))
			t.Logf("%s seed %d: P %.4f R %.4f F1 %.4f AUC %.4f ECE %.4f", variant.name, seed, m.Precision, m.Recall, m.F1, m.AUC, ece)
			sp += m.Precision
			sr += m.Recall
			sf += m.F1
			sa += m.AUC
			se += ece
		}
		t.Logf("%s mean of 5 seeds: P %.4f R %.4f F1 %.4f AUC %.4f ECE %.4f", variant.name, sp/5, sr/5, sf/5, sa/5, se/5)
	}
}
