package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sitrep/sitrep/data/samples"
	"github.com/sitrep/sitrep/internal/credibility"
	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/httpapi"
	"github.com/sitrep/sitrep/internal/ingest"
	"github.com/sitrep/sitrep/internal/lexicon"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/pipeline"
	"github.com/sitrep/sitrep/internal/store"
	"github.com/sitrep/sitrep/internal/store/postgres"
	"github.com/sitrep/sitrep/internal/store/sqldb"
	"github.com/sitrep/sitrep/internal/store/sqlite"
	"github.com/sitrep/sitrep/internal/web"
)

// runServe serves the REST API and the dashboard over a store.
func runServe(ctx context.Context, stdio Stdio, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	dbPath := fs.String("db", "sitrep.db", "SQLite database `file`")
	dsn := fs.String("postgres", "", "PostgreSQL `DSN` (instead of --db)")
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (host:port; port 0 picks a free one)")
	demo := fs.Bool("demo", false, "serve the sample articles built into sitrep from a temporary database")
	token := fs.String("token", os.Getenv("SITREP_TOKEN"), "`token` required on writes (default $SITREP_TOKEN)")
	verbose := fs.Bool("v", false, "log every request")
	fs.Usage = func() {
		fmt.Fprintln(stdio.Err, "usage: sitrep serve [--db FILE | --postgres DSN] [--addr 127.0.0.1:8080] [--demo] [--token TOKEN]")
		fmt.Fprintln(stdio.Err, "Serves the REST API (/api/...) and the dashboard (/). Writes need the token when one is set,")
		fmt.Fprintln(stdio.Err, "and are refused on a non-loopback address without one.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() > 0 || (*demo && *dsn != "") {
		fs.Usage()
		return errUsage
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stdio.Err, &slog.HandlerOptions{Level: level}))

	var db *sqldb.Store
	var err error
	switch {
	case *demo:
		dir, err := os.MkdirTemp("", "sitrep-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		db, err = sqlite.Open(ctx, filepath.Join(dir, "demo.db"), log)
		if err != nil {
			return err
		}
	case *dsn != "":
		db, err = postgres.Open(ctx, *dsn, log)
	default:
		db, err = sqlite.Open(ctx, *dbPath, log)
	}
	if err != nil {
		return err
	}
	defer db.Close()

	p, err := pipeline.New()
	if err != nil {
		return fmt.Errorf("load pipeline: %w", err)
	}
	cred, err := credibility.New()
	if err != nil {
		return fmt.Errorf("load outlet registry: %w", err)
	}
	lex, err := lexicon.Load()
	if err != nil {
		return fmt.Errorf("load actor dictionary: %w", err)
	}
	add := ingestOne(db, p)
	if *demo {
		arts, err := samples.Articles()
		if err != nil {
			return fmt.Errorf("load samples: %w", err)
		}
		for _, a := range arts {
			if _, err := add(ctx, a); err != nil {
				return fmt.Errorf("demo: %s: %w", a.ID, err)
			}
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	loopback := isLoopback(ln.Addr())
	api, err := httpapi.New(httpapi.Config{Store: db, DB: db.DB, Postgres: *dsn != "", Outlets: cred.Registry(), Lexicon: lex,
		Ingest: add, Token: *token, Loopback: loopback, Web: web.Handler(), Log: log})
	if err != nil {
		ln.Close()
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := api.Start(ctx); err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: api.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	if !loopback && *token == "" {
		fmt.Fprintln(stdio.Err, "sitrep serve: listening beyond loopback without --token: writes (POST) are refused")
	}
	fmt.Fprintf(stdio.Out, "sitrep serve: open http://%s/\n", browseAddr(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	srv.Shutdown(sctx)
	return nil
}

// ingestOne analyses an article and stores it, fusing its events into
// clusters, in one transaction.
func ingestOne(st store.Store, p *pipeline.Pipeline) httpapi.IngestFunc {
	fu := fuse.New()
	return func(ctx context.Context, a model.Article) (model.Analysis, error) {
		if strings.TrimSpace(a.Text) == "" && a.HTML != "" {
			x, err := ingest.ExtractHTML(a.HTML, a.URL)
			if err != nil {
				return model.Analysis{}, fmt.Errorf("%w: %v", httpapi.ErrInvalid, err)
			}
			a.Text, a.HTML = x.Text, ""
			if a.Title == "" {
				a.Title = x.Title
			}
			if a.Published == "" {
				a.Published = x.Published
			}
			if a.Language == "" {
				a.Language = x.Language
			}
		}
		if err := ingest.CheckPublished(a.Published); err != nil {
			return model.Analysis{}, fmt.Errorf("%w: published: %v", httpapi.ErrInvalid, err)
		}
		if a.Source == "" {
			a.Source = ingest.SourceFromURL(a.URL)
		}
		if a.ID == "" {
			a.ID = "post-" + fuse.ContentHash(a.Text)[:16]
		}
		an, err := p.Analyze(ctx, a)
		if err != nil {
			return an, fmt.Errorf("%w: %v", httpapi.ErrInvalid, err)
		}
		sa := store.Article{Article: a, Analysis: an}
		fuse.Prepare(&sa)
		err = st.Update(ctx, func(tx store.Tx) error {
			_, err := fu.Add(ctx, tx, sa)
			return err
		})
		return an, err
	}
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// browseAddr is the address to open in a browser ("localhost"-style for
// wildcard listeners).
func browseAddr(a net.Addr) string {
	ta, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if ta.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", fmt.Sprint(ta.Port))
	}
	return ta.String()
}
