module github.com/sitrep/sitrep

go 1.26

require golang.org/x/text v0.26.0
