"""The test suite (a package, so that no installed module named tests can shadow it)."""
