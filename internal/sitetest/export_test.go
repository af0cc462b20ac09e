package sitetest

import "isms/internal/testdir"

// TempDir lets the tests check that directories of dead test binaries are removed.
var TempDir = testdir.New
