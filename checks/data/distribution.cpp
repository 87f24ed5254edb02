// The `distribution` check kind (not yet implemented).
