# Same targets locally and in CI (.ci/run calls the same commands).
.PHONY: build test check eval bench fuzz demo

build:
	go build ./cmd/sitrep

test:
	go test ./...

check:
	test -z "$$(gofmt -l .)"
	go mod tidy -diff
	go vet ./...

eval: build
	./sitrep eval --gold ../shared/gold/dev

bench:
	go test -run XXX -bench . -benchmem ./internal/pipeline/

demo:
	go run ./cmd/sitrep demo
