"""Work done once, when Ansible loads an action plugin, instead of in every task.

Ansible's strategy loads action plugins in its main process, then forks one worker per task
and host: what is imported or compiled here is inherited by every worker instead of being
done again in each one (importing netmiko alone is about 0.1 s of CPU per task, a third of a
no-change task's cost). The action base calls ``warm_up`` when it loads; nothing in the engine
does work at import time. Each step is best effort: the first real use reports any problem.
"""

from __future__ import annotations

from .config import render
from .facts import parse
from .transport import session


def warm_up() -> None:
    session.import_netmiko()
    parse.warm()
    render.warm()
