// The `metric` check kind (not yet implemented).
