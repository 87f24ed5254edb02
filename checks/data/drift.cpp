// The `drift` check kind (not yet implemented).
