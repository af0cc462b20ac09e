package app_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"isms/internal/app"
)

// TestREADMETable: tracker/README.md's configuration table is the table in code, row for row.
func TestREADMETable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "tracker", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, "| Flag | Environment | Default | Meaning |")
	if start < 0 {
		t.Fatal("tracker/README.md has no configuration table")
	}
	end := strings.Index(readme[start:], "\n\n")
	got := readme[start : start+end+1]
	if want := app.MarkdownTable(); got != want {
		t.Errorf("tracker/README.md's table differs from internal/app's Options; replace it with:\n%s", want)
	}
}

func TestConfig(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		c := app.DefaultConfig()
		if c.Lockout != 5 || c.AdminLockout != 3 || c.LockoutDuration != 15*time.Minute || c.AdminPasswordMaxAge != 90*24*time.Hour ||
			c.MemoryLimit != 48<<20 || c.HashConcurrency < 1 || len(c.PasswordWords) != 4 || c.Addr != "127.0.0.1:8080" {
			t.Fatalf("got %+v", c)
		}
	})
	t.Run("EnvThenFlags", func(t *testing.T) {
		c := app.DefaultConfig()
		env := map[string]string{"ISMS_LOCKOUT": "7", "ISMS_IDLE_TIMEOUT": "10m", "ISMS_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/24"}
		if err := c.ApplyEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }, true); err != nil {
			t.Fatal(err)
		}
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		c.RegisterFlags(fs, true)
		if err := fs.Parse([]string{"-lockout", "9", "-admin-password-max-age", "30d"}); err != nil {
			t.Fatal(err)
		}
		if c.Lockout != 9 || c.IdleTimeout != 10*time.Minute || c.AdminPasswordMaxAge != 30*24*time.Hour || len(c.TrustedProxies) != 2 {
			t.Fatalf("got %+v", c)
		}
	})
	t.Run("ErrEveryBadVariable", func(t *testing.T) {
		c := app.DefaultConfig()
		env := map[string]string{"ISMS_LOCKOUT": "many", "ISMS_IDLE_TIMEOUT": "soon", "ISMS_MEMORY_LIMIT": "48", "ISMS_ADDR": "x"}
		err := c.ApplyEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }, false)
		for _, want := range []string{"ISMS_LOCKOUT=", "ISMS_IDLE_TIMEOUT="} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("got %v, want %s named", err, want)
			}
		}
		if err != nil && (strings.Contains(err.Error(), "ISMS_MEMORY_LIMIT") || strings.Contains(err.Error(), "ISMS_ADDR")) {
			t.Errorf("a command that does not serve read the server's options: %v", err)
		}
	})
	t.Run("ErrFlag", func(t *testing.T) {
		c := app.DefaultConfig()
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(new(strings.Builder))
		c.RegisterFlags(fs, true)
		if err := fs.Parse([]string{"-trusted-proxies", "example"}); err == nil || !strings.Contains(err.Error(), "CIDR") {
			t.Fatalf("got %v", err)
		}
	})
}
