"""The action base every netpki.ios module runs through, on the controller.

It validates the task arguments against the module's argspec (the same dict the module file
documents), checks every value with ``validate``, gives the operation a ``Task`` (parameters,
check and diff mode, one lazily opened SSH session), and turns the outcome, or an error of our
family, into an Ansible-standard result with every secret masked.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, ClassVar

from ansible.module_utils.basic import remove_values
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase

from ._engine import validate
from ._engine.errors import NetpkiError, ValidationError
from ._engine.masking import Masker
from ._engine.progress import Progress
from ._engine.task import HostTask, Task
from ._engine.transport.settings import (
    CONNECTION_VARS,
    CONTEXT_ATTRS,
    check_network_os,
    secrets_in,
)
from ._engine.warm import warm_up


class NetpkiActionBase(ActionBase):
    """Subclasses set the argspec constants and ``VALUE_RULES``, and implement ``run_task``."""

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False

    ARGUMENT_SPEC: ClassVar[dict[str, Any]] = {}
    REQUIRED_IF: ClassVar[list] = []
    MUTUALLY_EXCLUSIVE: ClassVar[list] = []
    REQUIRED_ONE_OF: ClassVar[list] = []
    VALUE_RULES: ClassVar[validate.Rules] = {}
    MULTILINE_OPTIONS: ClassVar[frozenset[str]] = frozenset()
    # Set for an operation over every router of the play (fleet_audit): its parameters for
    # each router's own task, from the task's.
    PER_HOST_PARAMS: ClassVar[Callable[[dict[str, Any]], dict[str, Any]] | None] = None
    _validator: ClassVar[ArgumentSpecValidator | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Built once when Ansible loads the plugin in its main process: the workers it forks
        # per task inherit the validator instead of each building its own.
        super().__init_subclass__(**kwargs)
        cls._validator = ArgumentSpecValidator(
            cls.ARGUMENT_SPEC,
            mutually_exclusive=cls.MUTUALLY_EXCLUSIVE or None,
            required_if=cls.REQUIRED_IF or None,
            required_one_of=cls.REQUIRED_ONE_OF or None,
        )

    def run_task(self, task: Task) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        task_vars = task_vars or {}
        result = super().run(tmp, task_vars)
        masker = Masker()
        no_log_values: set[str] = set()
        task: Task | None = None
        try:
            params, no_log_values = self._validated_params()
            masker.add(*no_log_values)
            connection_vars = self._connection_vars(task_vars)
            context = self._connection_context()
            masker.add(*secrets_in(connection_vars, context, os.environ))
            check_network_os(connection_vars)
            task = Task(
                params,
                check_mode=bool(self._play_context.check_mode),
                diff_mode=bool(self._play_context.diff),
                connection_vars=connection_vars,
                connection_context=context,
                ssh_args=self._ssh_args_settings(),
                masker=masker,
                progress=Progress.at_verbose(task_vars.get("inventory_hostname")),
            )
            if self.PER_HOST_PARAMS is not None:
                task.hosts = self._host_tasks(task, task_vars, context)
            outcome = self.run_task(task)
            outcome.setdefault("changed", False)
            if task.warnings:
                outcome["warnings"] = task.warnings
            if not task.diff_mode:
                outcome.pop("diff", None)
        except NetpkiError as exc:
            outcome = _failure(exc, task)
            tail = exc.transcript_tail or (task.transcript_tail() if task else "")
            if tail:
                outcome["transcript_tail"] = tail
        finally:
            if task is not None:
                task.close()
        if task is not None and task.progress.waits:
            outcome["waits"] = task.progress.waits  # how long each wait took, failed or not
        result.update(masker.data(outcome))
        if no_log_values:  # remove_values copies the whole result, even with nothing to remove
            result = remove_values(result, no_log_values)
        if task is not None and task.returned_secrets and not result.get("failed"):
            result.update(task.returned_secrets)
            result["_ansible_no_log"] = True  # Ansible shows the result censored
        return result

    # --- helpers --------------------------------------------------------------------------

    def _validated_params(self) -> tuple[dict[str, Any], set[str]]:
        # validate() works on its own deep copy of plain values: the task's arguments stay
        # untouched.
        outcome = self._validator.validate(_plain(self._task.args))
        no_log_values = {str(v) for v in outcome._no_log_values}
        if outcome.error_messages:
            messages = (_shortened(m) for m in outcome.error_messages)
            raise ValidationError(f"{self._task.action}: " + "; ".join(messages))
        params = validate.check_params(
            outcome.validated_parameters,
            self.ARGUMENT_SPEC,
            self.VALUE_RULES,
            multiline=self.MULTILINE_OPTIONS,
        )
        return params, no_log_values

    def _connection_vars(self, task_vars: Mapping[str, Any]) -> dict[str, Any]:
        templar = self._templar.copy_with_new_env(available_variables=task_vars)
        resolved = {}
        for name in CONNECTION_VARS:
            if name in task_vars:
                resolved[name] = templar.template(task_vars[name])
        return resolved

    def _host_tasks(
        self, task: Task, task_vars: Mapping[str, Any], context: dict[str, Any]
    ) -> list[HostTask]:
        """A task of its own for each router of the play (``ansible_play_hosts``: what
        ``--limit`` and earlier failures leave), from its host variables as its own task would
        have them. Every router's secrets are masked in the result too."""
        if not self._task.run_once:
            raise ValidationError(
                f"{self._task.action}: set run_once: true (one task reads every router of the "
                "play; without it, every router would run the whole audit)"
            )
        if task.params.get("concurrency") is None:
            task.params["concurrency"] = _forks()
        params = self.PER_HOST_PARAMS(task.params)
        ssh_args = self._ssh_args_settings()
        shared = task.masker.secrets  # the command line's and environment's, every router's too
        hosts = []
        for name in task_vars.get("ansible_play_hosts") or []:
            connection_vars = self._connection_vars(task_vars["hostvars"][name])
            secrets = secrets_in(connection_vars, context, os.environ)
            task.masker.add(*secrets)
            own = Task(
                params,
                check_mode=task.check_mode,
                diff_mode=False,
                connection_vars=connection_vars,
                connection_context=context,
                ssh_args=ssh_args,
                masker=Masker([*shared, *secrets]),  # not the other routers' secrets
                progress=Progress.at_verbose(name),
            )
            error = None
            try:
                check_network_os(connection_vars)
            except NetpkiError as exc:
                error = exc
            hosts.append(HostTask(name, own, error))
        return hosts

    def _connection_context(self) -> dict[str, Any]:
        """What ``-u``/``-k``/``-K``/``--private-key`` and the password files gave: the
        connection plugin's option where it has one (``network_cli``), else the play context."""
        context = {}
        for attr in CONTEXT_ATTRS.values():
            value = None
            try:
                value = self._connection.get_option(attr)
            except (AttributeError, KeyError):
                pass  # the local connection has no such option
            if value in (None, ""):
                value = getattr(self._play_context, attr, None)
            context[attr] = value
        return context

    @staticmethod
    def _ssh_args_settings() -> tuple[str | None, ...]:
        """``ssh_common_args`` / ``ssh_extra_args`` from the command line, environment or
        ansible.cfg, as the ssh connection plugin reads them (host variables come first)."""
        from ansible import constants

        _load_ssh_settings()
        return tuple(
            constants.config.get_config_value(name, plugin_type="connection", plugin_name="ssh")
            for name in ("ssh_common_args", "ssh_extra_args")
        )


def action_module(
    argspec: ModuleType, operation: ModuleType, multiline: frozenset[str] = frozenset()
) -> type[NetpkiActionBase]:
    """The ``ActionModule`` of one netpki.ios module, from its argspec module
    (``module_utils/<module>_argspec.py``) and its operation (``_engine/ops/<module>.py``).

    ``multiline`` names the options whose text may span lines (PEM, configuration text), when
    the operation does not say so itself in ``MULTILINE_OPTIONS``."""

    class ActionModule(NetpkiActionBase):
        ARGUMENT_SPEC = argspec.ARGUMENT_SPEC
        REQUIRED_IF = getattr(argspec, "REQUIRED_IF", [])
        MUTUALLY_EXCLUSIVE = getattr(argspec, "MUTUALLY_EXCLUSIVE", [])
        REQUIRED_ONE_OF = getattr(argspec, "REQUIRED_ONE_OF", [])
        VALUE_RULES = operation.VALUE_RULES
        MULTILINE_OPTIONS = multiline or getattr(operation, "MULTILINE_OPTIONS", frozenset())
        PER_HOST_PARAMS = staticmethod(getattr(operation, "per_host_params", None))

        def run_task(self, task: Task) -> dict[str, Any]:
            return operation.run(task)

    return ActionModule


def _load_ssh_settings() -> None:
    """Register the ssh connection plugin's settings (``ssh_common_args`` ...) with Ansible's
    config manager. Done once when the action plugin loads, in Ansible's main process, so the
    workers it forks per task inherit it."""
    from ansible.plugins.loader import connection_loader

    connection_loader.get("ssh", class_only=True)


_load_ssh_settings()
warm_up()  # the engine's caches too, inherited by every worker the same way


def _failure(error: NetpkiError, task: Task | None) -> dict[str, Any]:
    """A failed task that changed the router says so, with what it sent, unless it put
    everything back (the message then says so)."""
    applied = task.applied if task else []
    outcome = {"failed": True, "changed": bool(applied) and not error.rolled_back}
    outcome["msg"] = error.msg
    outcome.update(error.details)
    if applied:
        outcome["commands"] = applied
    return outcome


def _forks() -> int:
    """``--forks``, or Ansible's configured default."""
    from ansible import constants, context

    return int(context.CLIARGS.get("forks") or constants.DEFAULT_FORKS)


def _plain(value: Any) -> Any:
    """``value`` in plain Python types. ansible-core hands task arguments over as tagged
    subclasses of str, int, dict and list, whose deep copy costs about five times a plain one."""
    if isinstance(value, Mapping):
        return {_plain(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):  # before int: True is an int too
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def _shortened(message: str, limit: int = 300) -> str:
    # Argspec messages quote the rejected value: a megabyte of input must not come back whole.
    return message if len(message) <= limit else message[:limit] + "... (truncated)"
