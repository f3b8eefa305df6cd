"""The demo and the lab glue: the shipped playbooks run against the mockios lab.

``python -m demo`` (``make demo``, ``demo/run.py``) starts a simulated fleet and runs the
main job on it. ``demo.lab_vars.playbook_vars`` gives the playbooks the lab CA's pin, SCEP
URL and signing step (``demo/sign_csr.yml``), as an operator gives their own CA's; the
integration tests and the benchmarks use it too. Neither the simulator nor the collection
imports this package.
"""
