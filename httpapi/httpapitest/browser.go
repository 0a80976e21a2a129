package httpapitest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/botsweep/botsweep/internal/testutil"
	"github.com/chromedp/chromedp"
)

// ArtifactDir is where a browser test keeps its screenshots:
// $BOTSWEEP_ARTIFACTS/<test name> when that is set (CI uploads it), else a
// temporary directory.
func ArtifactDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("BOTSWEEP_ARTIFACTS"); d != "" {
		d = filepath.Join(d, t.Name())
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// Browser starts Debian's chromium headless with a fresh profile and
// returns a chromedp context on it; the browser stops when the test ends.
// Without chromium the test skips (fails under BOTSWEEP_REQUIRE_SERVICES).
func Browser(t testing.TB) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		testutil.RequireService(t, "chromium is not installed (bash scripts/setup.sh installs it)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// WebGL for sigma.js through the software rasteriser, since the
		// GPU is off; without it the dashboard falls back to a 2D canvas.
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1100),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Into runs a and stores its value in dst.
func Into[T any](dst *T, a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		v, err := a(ctx, t)
		*dst = v
		return err
	})
}

// Attr stores the value of attribute name of the first element matching
// the CSS selector sel in dst.
func Attr(sel, name string, dst *string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		v, err := chromedp.AttributeValue(chromedp.CSS(sel), name)(ctx, t)
		*dst = v.Value
		return err
	})
}

// Screenshot saves a PNG of the viewport as dir/name.
func Screenshot(dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		buf, err := chromedp.CaptureScreenshot()(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), buf, 0o644)
	})
}

// SignIn loads the dashboard at base and signs in with token.
func SignIn(base, token string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#token-input`)),
		chromedp.SendKeys(chromedp.CSS(`#token-input`), token),
		chromedp.Click(chromedp.CSS(`#login-form button`)),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="/"]`)),
	)
}
