// Package e2e holds the search page's tests in a real browser: the real handbook, built with its search
// index and served on 127.0.0.1 (isms/internal/sitetest), driven in Chromium (isms/internal/browser). It is
// a package of its own so that the search package's tests do not link Hugo.
package e2e
