package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// sourcesHash hashes what the bundle is built from, as build.mjs does: for
// each file in byte order of its path, the path, a newline, the hex SHA-256
// of its content and a newline; then the SHA-256 of all that.
func sourcesHash(fsys fs.FS) (string, error) {
	files := []string{"build.mjs", "package.json", "package-lock.json", "tsconfig.json"}
	src, err := fs.ReadDir(fsys, "src")
	if err != nil {
		return "", err
	}
	for _, e := range src {
		files = append(files, "src/"+e.Name())
	}
	sort.Strings(files)
	var list strings.Builder
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return "", err
		}
		sum := sha256.Sum256(b)
		list.WriteString(f + "\n" + hex.EncodeToString(sum[:]) + "\n")
	}
	sum := sha256.Sum256([]byte(list.String()))
	return hex.EncodeToString(sum[:]), nil
}

// TestDistBuiltFromSources fails when web/src (or the build's inputs)
// changed after dist/ was built: run `cd web && npm ci && npm run build`
// and commit dist/. scripts/test.sh also rebuilds the bundle and compares.
func TestDistBuiltFromSources(t *testing.T) {
	want, err := sourcesHash(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(FS(), "SOURCES.sha256")
	if err != nil {
		t.Fatalf("dist has no SOURCES.sha256 (%v): rebuild with cd web && npm ci && npm run build", err)
	}
	if strings.TrimSpace(string(got)) != want {
		t.Errorf("web/dist was built from other sources (dist says %s, src hashes to %s): run cd web && npm ci && npm run build, and commit dist/", strings.TrimSpace(string(got)), want)
	}
}

func TestSourcesHashSeesEveryInput(t *testing.T) {
	base := fstest.MapFS{
		"build.mjs": {Data: []byte("b")}, "package.json": {Data: []byte("p")}, "package-lock.json": {Data: []byte("l")},
		"tsconfig.json": {Data: []byte("t")}, "src/main.ts": {Data: []byte("m")}, "src/style.css": {Data: []byte("s")},
	}
	h0, err := sourcesHash(base)
	if err != nil {
		t.Fatal(err)
	}
	for name := range base {
		t.Run(name, func(t *testing.T) {
			changed := fstest.MapFS{}
			for k, v := range base {
				changed[k] = v
			}
			changed[name] = &fstest.MapFile{Data: []byte("changed")}
			if h, _ := sourcesHash(changed); h == h0 {
				t.Errorf("changing %s leaves the hash unchanged", name)
			}
		})
	}
	added := fstest.MapFS{"src/new.ts": {Data: []byte("n")}}
	for k, v := range base {
		added[k] = v
	}
	if h, _ := sourcesHash(added); h == h0 {
		t.Error("a new file in src/ leaves the hash unchanged")
	}
}
