package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestServeDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the pipeline")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0"}, Stdio{In: strings.NewReader(""), Out: pw, Err: &errb})
		pw.Close()
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := regexp.MustCompile(`open (http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	var base string
	select {
	case base = <-addr:
	case code := <-done:
		t.Fatalf("serve exited with %d before printing its address: %s", code, errb.String())
	case <-time.After(3 * time.Minute):
		t.Fatal("serve did not print its address")
	}
	for _, tt := range []struct {
		path   string
		status int
	}{{"/healthz", 200}, {"/readyz", 200}, {"/", 200}, {"/api/openapi.json", 200}, {"/api/stats", 200}, {"/api/nothing", 404}} {
		res, err := http.Get(base + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tt.status {
			t.Errorf("GET %s: got %d, want %d", tt.path, res.StatusCode, tt.status)
		}
	}
	res, err := http.Get(base + "/api/stats")
	if err != nil {
		t.Fatal(err)
	}
	var st struct{ Articles, Events int }
	json.NewDecoder(res.Body).Decode(&st)
	res.Body.Close()
	if st.Articles != 4 || st.Events == 0 {
		t.Errorf("demo store: got %d articles and %d events, want the 4 samples with events", st.Articles, st.Events)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit status: got %d, want 0 (%s)", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Error("serve did not stop when its context ended")
	}
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{{"serve", "extra"}, {"serve", "--demo", "--postgres", "postgres://x"}, {"serve", "--nope"}} {
		var out, errb bytes.Buffer
		if code := Run(context.Background(), args, Stdio{In: strings.NewReader(""), Out: &out, Err: &errb}); code != 2 {
			t.Errorf("%v: got exit status %d, want 2", args, code)
		}
	}
}
