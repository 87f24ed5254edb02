// The `correlation` check kind (not yet implemented).
