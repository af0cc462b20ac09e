package auth_test

import (
	"context"
	"strings"
	"testing"

	"isms/tracker/auth"
)

// cheap keeps tests fast; the production cost is DefaultParams.
var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1}

func TestHasher(t *testing.T) {
	ctx := context.Background()
	h := auth.NewHasher(cheap, 2)
	encoded, err := h.Hash(ctx, "kamome-umi-hashiru")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(encoded, "$argon2id$v=19$m=64,t=1,p=1$") || strings.Contains(encoded, "kamome") {
		t.Fatalf("got %q, want a PHC argon2id string without the password", encoded)
	}
	t.Run("OK", func(t *testing.T) {
		ok, err := h.Verify(ctx, encoded, "kamome-umi-hashiru")
		if err != nil || !ok {
			t.Fatalf("got %v, %v; want true, nil", ok, err)
		}
	})
	t.Run("WrongPassword", func(t *testing.T) {
		ok, err := h.Verify(ctx, encoded, "kamome-umi-hashirU")
		if err != nil || ok {
			t.Fatalf("got %v, %v; want false, nil", ok, err)
		}
	})
	t.Run("SaltDiffers", func(t *testing.T) {
		again, _ := h.Hash(ctx, "kamome-umi-hashiru")
		if again == encoded {
			t.Fatal("two hashes of one password are equal; want a fresh salt each time")
		}
	})
	t.Run("ErrMalformed", func(t *testing.T) {
		for _, bad := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=0,t=1,p=1$c2FsdA$a2V5a2V5a2V5a2V5a2V5"} {
			if _, err := h.Verify(ctx, bad, "x"); err != auth.ErrMalformedHash {
				t.Errorf("Verify(%q): got %v, want ErrMalformedHash", bad, err)
			}
		}
	})
	t.Run("NeedsRehash", func(t *testing.T) {
		if h.NeedsRehash(encoded) {
			t.Error("same parameters: got true")
		}
		if !auth.NewHasher(auth.DefaultParams, 1).NeedsRehash(encoded) {
			t.Error("other parameters: got false")
		}
	})
}

func TestHashTemp(t *testing.T) {
	ctx := context.Background()
	h := auth.NewHasher(cheap, 1)
	temp := auth.TempPassword()
	encoded := auth.HashTemp(temp)
	if !auth.IsTemp(encoded) || strings.Contains(encoded, temp) {
		t.Fatalf("got %q", encoded)
	}
	for _, tt := range []struct {
		name     string
		password string
		want     bool
	}{{"OK", temp, true}, {"Wrong", temp + "x", false}, {"Empty", "", false}} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := h.Verify(ctx, encoded, tt.password)
			if err != nil || got != tt.want {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}
