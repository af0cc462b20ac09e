package browser_test

import (
	"strings"
	"testing"

	"isms/internal/browser"
)

func TestInstalled(t *testing.T) {
	t.Run("Present", func(t *testing.T) {
		if err := browser.Installed(browser.ChromiumPath); err != nil {
			t.Error(err)
		}
	})
	t.Run("Missing", func(t *testing.T) {
		err := browser.Installed(t.TempDir() + "/chromium")
		if err == nil || !strings.Contains(err.Error(), "apt-get install -y chromium") {
			t.Errorf("err = %v, want the install command", err)
		}
	})
}
