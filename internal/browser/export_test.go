package browser

// Installed lets the tests check the message for a missing browser without uninstalling it.
var Installed = installed

// ReadAxe lets the tests check the message for a missing axe-core without removing it.
var ReadAxe = readAxe
