"""Shared pieces of the comparative benchmarks: fleet, playbook runs, memory, session logs."""
