"""The local filesystem: the embedded object store and its signed upload tokens."""
