"""The personas' world for `make demo` and the tests: at the top of the house, it may use every
app's services to build believable data (never imported by the product itself)."""
