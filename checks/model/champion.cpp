// The `champion` check kind (not yet implemented).
