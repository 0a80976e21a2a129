package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README's code blocks run in CI as written (TestReadmeTour). Every
// ```sh block of README.md runs, in order, in one bash process (so a
// variable set in one block is there in the next) started in an empty
// temporary directory, with errexit on. An HTML comment on the line just
// before a block's opening fence changes how it runs:
//
//	<!-- readme-test: skip (why) -->        not run at all (demo serves forever; the test script runs this test)
//	<!-- readme-test: in-repo (why) -->     run from the repository root, with GOBIN set to the test's bin directory
//	<!-- readme-test: background (why) -->  started in the background; once the --addr it names answers
//	                                        /healthz it is stopped (skipped, and said so, when that
//	                                        address is already taken on this machine)
//
// The test's bin directory comes first on PATH, so `botsweep` is the binary
// the in-repo block installed.

// readmeBlock is one ```sh block of the README.
type readmeBlock struct {
	line int    // line of the opening fence, 1-based
	mode string // "", "skip", "in-repo" or "background"
	text string
}

var readmeMarker = regexp.MustCompile(`^<!--\s*readme-test:\s*([a-z-]+)`)

// readmeBlocks extracts the ```sh blocks of a markdown file with the
// readme-test marker on the line before each.
func readmeBlocks(md string) ([]readmeBlock, error) {
	var blocks []readmeBlock
	var cur *readmeBlock
	prev := ""
	sc := bufio.NewScanner(strings.NewReader(md))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == "```sh":
			cur = &readmeBlock{line: n}
			if m := readmeMarker.FindStringSubmatch(strings.TrimSpace(prev)); m != nil {
				switch m[1] {
				case "skip", "in-repo", "background":
					cur.mode = m[1]
				default:
					return nil, fmt.Errorf("README.md:%d: unknown readme-test mode %q", n-1, m[1])
				}
			}
		case cur != nil && strings.TrimSpace(line) == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		}
		prev = line
	}
	if cur != nil {
		return nil, fmt.Errorf("README.md:%d: code block never closed", cur.line)
	}
	return blocks, sc.Err()
}

var readmeAddr = regexp.MustCompile(`--addr\s+(\S+)`)

// readmeScript turns the blocks into one bash script; busy lists the
// background blocks' addresses already in use here, whose blocks are left
// out.
func readmeScript(blocks []readmeBlock, repo string, busy map[string]bool) (string, []string) {
	var b strings.Builder
	var skipped []string
	b.WriteString("set -eu\n")
	b.WriteString(`readme_block() { echo "### README.md:$1" >&2; }` + "\n")
	// readme_healthz waits for a server started in the background to answer,
	// then stops it; a server that exits first fails the test.
	b.WriteString(`readme_healthz() {
  for i in $(seq 1 1200); do
    if curl -fsS "http://$2/healthz" >/dev/null 2>&1; then kill "$1"; wait "$1" 2>/dev/null || true; return 0; fi
    if ! kill -0 "$1" 2>/dev/null; then echo "server exited before answering on $2" >&2; wait "$1"; return 1; fi
    sleep 0.1
  done
  kill "$1"; echo "server never answered on $2" >&2; return 1
}
`)
	for _, bl := range blocks {
		switch bl.mode {
		case "skip":
			continue
		case "in-repo":
			fmt.Fprintf(&b, "readme_block %d\n( cd %q\n%s)\n", bl.line, repo, bl.text)
		case "background":
			m := readmeAddr.FindStringSubmatch(bl.text)
			if m == nil {
				fmt.Fprintf(&b, "readme_block %d\necho 'background block names no --addr' >&2; exit 1\n", bl.line)
				continue
			}
			if busy[m[1]] {
				skipped = append(skipped, fmt.Sprintf("README.md:%d (%s already in use)", bl.line, m[1]))
				continue
			}
			fmt.Fprintf(&b, "readme_block %d\n{\n%s} > background-%d.log 2>&1 &\nreadme_healthz $! %q\n", bl.line, bl.text, bl.line, m[1])
		default:
			fmt.Fprintf(&b, "readme_block %d\n%s", bl.line, bl.text)
		}
	}
	b.WriteString("echo '### README.md: end' >&2\n")
	return b.String(), skipped
}

func TestReadmeBlocks(t *testing.T) {
	md := "intro\n<!-- readme-test: skip (serves) -->\n```sh\ndemo\n```\n\n```sh\nA=1\necho $A\n```\n```go\nnot shell\n```\n<!-- readme-test: background -->\n```sh\nserve --addr 127.0.0.1:1\n```\n"
	blocks, err := readmeBlocks(md)
	if err != nil {
		t.Fatal(err)
	}
	want := []readmeBlock{{3, "skip", "demo\n"}, {7, "", "A=1\necho $A\n"}, {15, "background", "serve --addr 127.0.0.1:1\n"}}
	if fmt.Sprint(blocks) != fmt.Sprint(want) {
		t.Fatalf("blocks = %+v\nwant %+v", blocks, want)
	}
	script, skipped := readmeScript(blocks, "/repo", map[string]bool{"127.0.0.1:1": true})
	if strings.Contains(script, "demo") || strings.Contains(script, "serve --addr") || !strings.Contains(script, "A=1\necho $A\n") || len(skipped) != 1 {
		t.Errorf("script:\n%s\nskipped %v", script, skipped)
	}
	for _, bad := range []string{"<!-- readme-test: sometimes -->\n```sh\nx\n```\n", "```sh\nx\n"} {
		if _, err := readmeBlocks(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestReadmeTour runs README.md's shell blocks as written (see the comment
// at the top of this file for the conventions).
func TestReadmeTour(t *testing.T) {
	if testing.Short() {
		t.Skip("short: the README tour builds the binary and runs the whole pipeline")
	}
	for _, tool := range []string{"bash", "go", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s on PATH", tool)
		}
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := readmeBlocks(string(md))
	if err != nil {
		t.Fatal(err)
	}
	busy := map[string]bool{}
	for _, bl := range blocks {
		if m := readmeAddr.FindStringSubmatch(bl.text); bl.mode == "background" && m != nil {
			l, err := net.Listen("tcp", m[1])
			if err != nil {
				busy[m[1]] = true
			} else {
				l.Close()
			}
		}
	}
	script, skipped := readmeScript(blocks, repo, busy)
	for _, s := range skipped {
		t.Logf("not run: %s", s)
	}
	bin, dir := t.TempDir(), t.TempDir()
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOBIN="+bin, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("README blocks failed (%v); the last '### README.md:N' names the block:\n%s", err, tail(string(out), 60))
	}
	if !strings.HasSuffix(strings.TrimSpace(string(out)), "### README.md: end") {
		t.Fatalf("README blocks did not run to the end:\n%s", tail(string(out), 40))
	}
	// The tour's outputs are there and say what the README says they say.
	for _, f := range []string{"det/networks.json", "det/accounts.csv", "scores.csv", "profile-scores.csv", "release.key", "alice.token"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: missing or empty after the tour (%v)", f, err)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "release", "*_users_csv_hashed.csv")); len(m) == 0 {
		t.Errorf("the tour's archive step wrote no users file in release/")
	}
	for _, want := range []string{"suspended", "reinstated", "follower"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("tour output never says %q", want)
		}
	}
	t.Logf("README tour ran %d blocks:\n%s", len(blocks), tail(string(out), 15))
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// FuzzReadmeBlocks: any markdown either gives an error or blocks whose
// text is in the input and whose modes are known.
func FuzzReadmeBlocks(f *testing.F) {
	f.Add("```sh\necho hi\n```\n")
	f.Add("<!-- readme-test: background -->\n```sh\nserve --addr 127.0.0.1:8080\n```\n")
	f.Add("<!-- readme-test: nope -->\n```sh\nx\n```\n")
	f.Add("```sh\nunclosed\n")
	f.Fuzz(func(t *testing.T, md string) {
		blocks, err := readmeBlocks(md)
		if err != nil {
			return
		}
		for _, b := range blocks {
			if !strings.Contains(md, strings.TrimSuffix(b.text, "\n")) {
				t.Errorf("block at line %d not in the input: %q", b.line, b.text)
			}
			switch b.mode {
			case "", "skip", "in-repo", "background":
			default:
				t.Errorf("mode %q", b.mode)
			}
		}
		readmeScript(blocks, "/repo", nil)
	})
}
