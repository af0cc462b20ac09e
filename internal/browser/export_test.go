package browser

// Installed lets the tests check the message for a missing browser without uninstalling it.
var Installed = installed
