"""Names of the desk's groups, created with their permissions by accounts/migrations/0002."""

REPORTER = "Reporter"
EDITOR = "Editor"
