package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Bad arguments are refused before any training starts.
func TestTrainSyntaxArgs(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--treebank", t.TempDir(), "--folds", "1"}, "--folds 1: need 2 or more"},
		{[]string{"--treebank", t.TempDir(), "--folds", "-3"}, "--folds -3: need 2 or more"},
		{[]string{"--treebank", t.TempDir(), "--parsers", "-1"}, "--parsers -1: need 1 or more"},
		{[]string{"--treebank", t.TempDir(), "--out", t.TempDir()}, "train.conllu"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		stdio := Stdio{In: strings.NewReader(""), Out: &out, Err: &errb}
		err := runTrainSyntax(context.Background(), stdio, tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("train syntax %q: error %v, want one naming %q", tt.args, err, tt.want)
		}
	}
}
