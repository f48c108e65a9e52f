"""In-memory adapters: the embedded defaults and the trusted fakes that pass every port's contract."""
