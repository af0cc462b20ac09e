package sitetest

// TempDir lets the tests check that directories of dead test binaries are removed.
var TempDir = tempDir
