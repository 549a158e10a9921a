package scanner

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/pelletier/go-toml/v2"

	"github.com/b24leaks/b24leaks/rules"
)

// ConfigFile is the name of the configuration file at a repository root.
const ConfigFile = ".b24leaks.toml"

// Config is a .b24leaks.toml file:
//
//	[allowlist]
//	paths = ["vendor/**", "**/*.min.js"]   # globs on the path of a place
//	regexes = ['^0000']                    # on the secret
//	line-regexes = ['example\.com']        # on the line that holds it
//	stopwords = ["sample"]                 # in the secret, any case
//
//	[rules]
//	disable = ["bitrix24-oauth-token"]
//	portal-domains = ["crm.company.ru"]    # the organisation's own Bitrix24
//	min-confidence = "medium"
type Config struct {
	Allowlist struct {
		Paths       []string `toml:"paths"`
		Regexes     []string `toml:"regexes"`
		LineRegexes []string `toml:"line-regexes"`
		Stopwords   []string `toml:"stopwords"`
	} `toml:"allowlist"`
	Rules struct {
		Disable       []string `toml:"disable"`
		PortalDomains []string `toml:"portal-domains"`
		MinConfidence string   `toml:"min-confidence"`
	} `toml:"rules"`

	name             string
	root             string // directory of the file: path globs are relative to it
	regexes, onLines []*regexp.Regexp
	stopwords        []string
}

// LoadConfig reads and checks a configuration file. Unknown keys, bad
// regexps, globs and values are errors naming the file, line and key.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	c := &Config{name: path, root: rootOf(path)}
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, c.decodeError(err)
	}
	return c, c.compile(data)
}

func (c *Config) decodeError(err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		e := strict.Errors[0]
		row, _ := e.Position()
		return fmt.Errorf("%s:%d: unknown key %s", c.name, row, strings.Join(e.Key(), "."))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		return fmt.Errorf("%s:%d: %s", c.name, row, de.Error())
	}
	return fmt.Errorf("%s: %w", c.name, err)
}

// compile checks the patterns and values, naming the line each is on.
func (c *Config) compile(data []byte) error {
	at := func(key, value string) string { return fmt.Sprintf("%s:%d: %s", c.name, lineOf(data, value), key) }
	for _, p := range c.Allowlist.Paths {
		if !doublestar.ValidatePattern(p) {
			return fmt.Errorf("%s: bad glob %q", at("allowlist.paths", p), p)
		}
	}
	for _, set := range []struct {
		key  string
		src  []string
		into *[]*regexp.Regexp
	}{{"allowlist.regexes", c.Allowlist.Regexes, &c.regexes}, {"allowlist.line-regexes", c.Allowlist.LineRegexes, &c.onLines}} {
		for _, src := range set.src {
			re, err := regexp.Compile(src)
			if err != nil {
				return fmt.Errorf("%s: %w", at(set.key, src), err)
			}
			*set.into = append(*set.into, re)
		}
	}
	for _, w := range c.Allowlist.Stopwords {
		if strings.TrimSpace(w) == "" {
			return fmt.Errorf("%s: an empty stopword would allow everything", at("allowlist.stopwords", "stopwords"))
		}
		c.stopwords = append(c.stopwords, strings.ToLower(w))
	}
	if m := c.Rules.MinConfidence; m != "" {
		if _, err := rules.ParseConfidence(m); err != nil {
			return fmt.Errorf("%s: %w", at("rules.min-confidence", m), err)
		}
	}
	if _, err := c.RuleOptions(); err != nil {
		return fmt.Errorf("%s: %w", at("rules", ""), err)
	}
	return nil
}

// lineOf returns the 1-based line where value first appears (1 if not).
func lineOf(data []byte, value string) int {
	if value == "" {
		return 1
	}
	i := bytes.Index(data, []byte(value))
	if i < 0 {
		return 1
	}
	return bytes.Count(data[:i], []byte{'\n'}) + 1
}

// RuleOptions are the [rules] settings for rules.New.
func (c *Config) RuleOptions() (rules.Options, error) {
	opts := rules.Options{Disabled: c.Rules.Disable, PortalDomains: c.Rules.PortalDomains}
	if c.Rules.MinConfidence != "" {
		conf, err := rules.ParseConfidence(c.Rules.MinConfidence)
		if err != nil {
			return opts, err
		}
		opts.MinConfidence = conf
	}
	if _, err := rules.New(opts); err != nil {
		return opts, err
	}
	return opts, nil
}

const byConfig = "config"

// Filters are the allowlist's: secret and line regexes and stopwords per
// match, path globs per place.
func (c *Config) Filters() Filters {
	var f Filters
	if len(c.regexes)+len(c.onLines)+len(c.stopwords) > 0 {
		f.Match = c.allowMatch
	}
	if len(c.Allowlist.Paths) > 0 {
		f.Location = c.allowLocation
	}
	return f
}

func (c *Config) allowMatch(m MatchContext) string {
	secret := m.Match.Secret
	for _, re := range c.regexes {
		if re.MatchString(secret) {
			return byConfig
		}
	}
	for _, re := range c.onLines {
		if re.Match(m.Line) {
			return byConfig
		}
	}
	lower := strings.ToLower(secret)
	for _, w := range c.stopwords {
		if strings.Contains(lower, w) {
			return byConfig
		}
	}
	return ""
}

func (c *Config) allowLocation(_ *Finding, l *Location) string {
	if l.Appearance.Path == "" {
		return ""
	}
	path := l.Appearance.Path
	if l.Appearance.Kind == KindFile { // git paths are repository-relative already
		path = relPath(c.root, path)
	}
	for _, p := range c.Allowlist.Paths {
		if ok, _ := doublestar.Match(p, path); ok {
			return byConfig
		}
	}
	return ""
}
