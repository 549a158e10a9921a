package reporters

import (
	"cmp"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// csvReporter writes one row per location under a header row, quoted as
// RFC 4180 says (CRLF line ends).
type csvReporter struct{}

var csvHeader = []string{
	"rule_id", "fingerprint", "secret", "confidence", "portal", "user_id", "client_id", "source", "kind",
	"path", "line", "column", "end_line", "end_column", "commit", "author", "email", "date", "at_head", "refs", "verification", "verification_detail", "expires_at",
}

// Report writes rep as CSV.
func (csvReporter) Report(w io.Writer, rep *Report) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, f := range rep.Findings {
		for _, l := range f.Locations {
			if err := cw.Write(csvRow(f, l)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvRow(f Finding, l Location) []string {
	var commit, author, email, date, atHead string
	if c := l.Commit; c != nil {
		commit, author, email = c.Hash, c.Author, c.Email
		if !c.Date.IsZero() {
			date = c.Date.UTC().Format(time.RFC3339)
		}
	}
	if l.AtHead != nil {
		atHead = strconv.FormatBool(*l.AtHead)
	}
	row := []string{
		cmp.Or(l.RuleID, f.Rule.ID), f.Fingerprint, f.Secret, f.Confidence,
		cmp.Or(l.Portal, f.Portal), cmp.Or(l.UserID, f.UserID), cmp.Or(l.ClientID, f.ClientID), l.Source, l.Kind.String(),
		l.Path, strconv.Itoa(l.Line), strconv.Itoa(l.Column), strconv.Itoa(l.EndLine), strconv.Itoa(l.EndColumn),
		commit, author, email, date, atHead, strings.Join(l.Refs, " "), "", "", "",
	}
	if v := f.Verification; v != nil {
		row[len(row)-3], row[len(row)-2] = v.Status, v.Detail
	}
	if !f.Expires.IsZero() {
		row[len(row)-1] = f.Expires.UTC().Format(time.RFC3339)
	}
	for i, cell := range row {
		row[i] = noFormula(cell)
	}
	return row
}

// noFormula keeps a spreadsheet from running a cell: one that starts with
// =, +, -, @, a tab or a carriage return (a file or author name from the
// repository) gets a leading apostrophe. A lone "-" (stdin) is no formula.
func noFormula(cell string) string {
	if cell == "" || cell == "-" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return cell
	}
	return "'" + cell
}
