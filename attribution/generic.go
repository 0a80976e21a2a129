package attribution

import (
	"strings"
	"unicode"
)

// genericDomains are registrable domains that many unrelated accounts link:
// big social and news sites, link shorteners, hosting and blogging
// platforms. Sharing one of them never ties a network to an operation.
var genericDomains = []string{
	// social platforms and messaging
	"twitter.com", "x.com", "t.co", "twimg.com", "facebook.com", "fb.com", "fb.me",
	"instagram.com", "youtube.com", "youtu.be", "tiktok.com", "linkedin.com",
	"lnkd.in", "reddit.com", "pinterest.com", "tumblr.com", "snapchat.com",
	"whatsapp.com", "wa.me", "telegram.org", "t.me", "vk.com", "ok.ru",
	"weibo.com", "periscope.tv", "pscp.tv", "twitch.tv", "discord.gg",
	"discord.com", "threads.net", "bsky.app", "mastodon.social", "gab.com",
	"parler.com", "truthsocial.com", "soundcloud.com", "spotify.com",
	"flickr.com", "imgur.com", "giphy.com", "vimeo.com", "dailymotion.com",
	// search, portals, big tech, commerce, fundraising
	"google.com", "goo.gl", "g.co", "apple.com", "microsoft.com", "amazon.com",
	"amzn.to", "yahoo.com", "msn.com", "bing.com", "wikipedia.org",
	"wikimedia.org", "change.org", "gofundme.com", "patreon.com", "paypal.com",
	"paypal.me", "ebay.com", "etsy.com", "github.com", "linktr.ee",
	// blogging and hosting
	"medium.com", "blogspot.com", "blogger.com", "wordpress.com", "wp.me",
	"substack.com", "wix.com", "squarespace.com", "weebly.com", "about.me",
	// link shorteners
	"bit.ly", "bitly.com", "j.mp", "tinyurl.com", "ow.ly", "buff.ly", "is.gd",
	"dlvr.it", "ift.tt", "trib.al", "t.ly", "rebrand.ly", "shorturl.at",
	"cutt.ly", "tiny.cc", "po.st", "sco.lt", "su.pr", "v.gd", "qr.ae",
	"bl.ink", "soo.gd", "s.id", "rb.gy", "tr.im", "snip.ly", "ht.ly", "hubs.ly",
	// big news sites
	"bbc.co.uk", "bbc.com", "cnn.com", "nytimes.com", "washingtonpost.com",
	"foxnews.com", "reuters.com", "apnews.com", "theguardian.com", "wsj.com",
	"bloomberg.com", "aljazeera.com", "aljazeera.net", "nbcnews.com",
	"cbsnews.com", "abcnews.go.com", "go.com", "usatoday.com", "npr.org",
	"politico.com", "thehill.com", "huffpost.com", "huffingtonpost.com",
	"breitbart.com", "dailymail.co.uk", "independent.co.uk", "telegraph.co.uk",
	"ft.com", "economist.com", "forbes.com", "time.com", "newsweek.com",
	"latimes.com", "nypost.com", "cnbc.com", "axios.com", "vox.com",
	"buzzfeed.com", "buzzfeednews.com", "businessinsider.com", "rt.com",
	"sputniknews.com", "france24.com", "dw.com", "lemonde.fr", "spiegel.de",
	"elpais.com", "arabnews.com", "gulfnews.com", "thenationalnews.com",
	"khaleejtimes.com", "scmp.com", "timesofindia.indiatimes.com",
	"indiatimes.com", "ndtv.com", "abc.net.au", "cbc.ca", "news.com.au",
}

// privacyRegistrantPatterns are substrings of registrant names that mark a
// privacy-redacted or proxy registration: many unrelated domains share them.
var privacyRegistrantPatterns = []string{
	"redacted for privacy", "redacted", "domains by proxy", "domainsbyproxy",
	"whoisguard", "whois guard", "privacy protect", "privacyprotect",
	"withheld for privacy", "contact privacy", "perfect privacy",
	"whois privacy", "whoisprivacy", "privacy service", "privacy guardian",
	"privacyguardian", "data protected", "not disclosed", "identity protect",
	"id shield", "private registration", "registration private",
	"private by design", "gdpr", "statutory masking", "proxy protection",
	"domain protection services", "super privacy", "whois protect",
	"whoisprotect", "anonymize", "private person", "withheld", "proxy",
	"privacy",
}

// emptyRegistrants are registrant values that name nobody.
var emptyRegistrants = []string{"", "n a", "na", "none", "unknown", "-", "null", "private"}

// genericClients are client apps used by millions: posting with one of
// them says nothing about who runs an account.
var genericClients = []string{
	"twitter web app", "twitter web client", "twitter for iphone",
	"twitter for android", "twitter for ipad", "twitter for mac",
	"twitter for windows", "twitter for android tablets", "twitter for blackberry",
	"twitter for websites", "twitter lite", "twitter media studio",
	"twitter ads", "twitter for advertisers", "tweetdeck", "tweetdeck web app",
	"mobile web", "mobile web (m2)", "mobile web (m5)", "hootsuite",
	"hootsuite inc.", "buffer", "ifttt", "facebook", "instagram", "dlvr.it",
	"socialflow", "sprout social", "echofon", "tweetbot for ios",
	"tweetbot for iοs", "twitterrific", "tweetcaster", "fenix", "google",
	"wordpress.com", "tumblr", "linkedin", "paper.li", "zapier.com",
	"sprinklr", "later", "periscope", "twitter",
}

// genericClientPrefixes: any client whose lowercased name starts with one
// of these is the platform's own app.
var genericClientPrefixes = []string{"twitter for ", "twitter web", "mobile web"}

// Generic tells generic infrastructure apart from specific infrastructure.
// Its lists are the built-in ones plus Options' extras.
type Generic struct {
	domains    map[string]bool
	clients    map[string]bool
	registrant []string // extra substrings, lowercased
}

// NewGeneric returns the built-in generic lists extended with the extras.
func NewGeneric(extraDomains, extraRegistrants, extraClients []string) *Generic {
	g := &Generic{domains: make(map[string]bool), clients: make(map[string]bool)}
	for _, d := range genericDomains {
		g.domains[d] = true
	}
	for _, d := range extraDomains {
		g.domains[normDomain(d)] = true
	}
	for _, c := range genericClients {
		g.clients[c] = true
	}
	for _, c := range extraClients {
		g.clients[normName(c)] = true
	}
	for _, r := range extraRegistrants {
		g.registrant = append(g.registrant, normName(r))
	}
	return g
}

// Domain reports whether the registrable domain d is generic
// infrastructure (a big site or a link shortener). Subdomains of a listed
// domain are generic too.
func (g *Generic) Domain(d string) bool {
	d = normDomain(d)
	if d == "" {
		return true
	}
	for {
		if g.domains[d] {
			return true
		}
		i := strings.IndexByte(d, '.')
		if i < 0 || !strings.Contains(d[i+1:], ".") {
			return false
		}
		d = d[i+1:]
	}
}

// Registrant reports whether a registrant name is privacy-redacted, a proxy
// service or empty, so that it names no one.
func (g *Generic) Registrant(r string) bool {
	n := normName(r)
	for _, e := range emptyRegistrants {
		if n == e {
			return true
		}
	}
	for _, p := range privacyRegistrantPatterns {
		if strings.Contains(n, p) {
			return true
		}
	}
	for _, p := range g.registrant {
		if strings.Contains(n, p) {
			return true
		}
	}
	return false
}

// Client reports whether a client app is a generic one (the platform's own
// apps and the big third-party schedulers) or unnamed.
func (g *Generic) Client(c string) bool {
	n := normName(c)
	if n == "" || g.clients[n] {
		return true
	}
	for _, p := range genericClientPrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// normName lowercases a name and collapses runs of space and punctuation
// other than '.', so "Domains-By-Proxy, LLC" becomes "domains by proxy llc".
func normName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '(' || r == ')' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			space = true
		}
	}
	return b.String()
}

// normDomain lowercases a domain and strips "www." and a trailing dot.
func normDomain(d string) string {
	d = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
	return strings.TrimPrefix(d, "www.")
}
