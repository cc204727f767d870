"""Benchmarks and the soak test (`make bench`, `make soak`); not part of `make test`."""
