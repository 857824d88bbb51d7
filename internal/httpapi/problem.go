package httpapi

import (
	"encoding/json"
	"net/http"
)

// Problem is an RFC 9457 problem details body (application/problem+json).
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Errors lists the invalid parameters of a validation problem.
	Errors []ParamError `json:"errors,omitempty"`
}

// ParamError is one invalid request parameter.
type ParamError struct {
	Param   string `json:"param"`
	Message string `json:"message"`
}

func writeProblem(w http.ResponseWriter, p Problem) {
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

func problem(w http.ResponseWriter, status int, detail string) {
	writeProblem(w, Problem{Status: status, Detail: detail})
}

func invalid(w http.ResponseWriter, errs []ParamError) {
	writeProblem(w, Problem{Type: "/api/problems/validation", Title: "Invalid request parameters", Status: http.StatusBadRequest,
		Detail: "one or more parameters are invalid", Errors: errs})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
