"""The suite uses ember verify's TOSA reference runner."""

from ember.verify.tosa_reference import graph_io, run_reference  # noqa: F401
