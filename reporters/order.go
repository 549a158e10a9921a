package reporters

import (
	"cmp"
	"slices"

	"github.com/b24leaks/b24leaks/scanner"
)

// sortBySeverity orders findings by what to do first: when checked, live
// ones, then those the check could not tell, then the unchecked, and last
// those Bitrix24 already refuses; then by confidence, by kind (webhooks,
// client secrets, outgoing tokens, then tokens and keys), still present
// before history only, and by the first place.
func sortBySeverity(findings []Finding) {
	slices.SortStableFunc(findings, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(urgency(a), urgency(b)),
			cmp.Compare(confidenceRank(b.Confidence), confidenceRank(a.Confidence)),
			cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)),
			cmp.Compare(presentRank(a), presentRank(b)),
			cmp.Compare(firstPath(a), firstPath(b)),
		)
	})
}

// urgency ranks a verification status: live 0, inconclusive 1, not
// checked or not checkable 2, invalid 3.
func urgency(f Finding) int {
	if f.Verification == nil {
		return 2
	}
	switch f.Verification.Status {
	case "live":
		return 0
	case "inconclusive":
		return 1
	case "invalid":
		return 3
	}
	return 2
}

func confidenceRank(c string) int {
	switch c {
	case "high":
		return 3
	case "medium":
		return 2
	case "low":
		return 1
	}
	return 0
}

// kindRank puts the credentials that open the most first.
func kindRank(kind string) int {
	switch kind {
	case "webhook":
		return 0
	case "bitrix24-client-secret", "bitrix24-crm-form-password":
		return 1
	case "bitrix24-outbound-token", "bitrix24-bot-secret":
		return 2
	case "bitrix24-oauth-token", "bitrix24-vibecode-key":
		return 3
	case "bitrix24-oauth-code":
		return 4
	}
	return 5
}

func presentRank(f Finding) int {
	if present(f) {
		return 0
	}
	return 1
}

func firstPath(f Finding) string {
	if len(f.Locations) == 0 {
		return ""
	}
	return f.Locations[0].Source + "\x00" + f.Locations[0].Path
}

// present reports whether the secret is still where it is read from
// today: in a file, the index, standard input, or a ref's tip.
func present(f Finding) bool {
	for _, l := range f.Locations {
		switch {
		case l.Kind == scanner.KindFile || l.Kind == scanner.KindStaged || l.Kind == scanner.KindStdin:
			return true
		case l.AtHead != nil && *l.AtHead, len(l.Refs) > 0:
			return true
		}
	}
	return false
}
