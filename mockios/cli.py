"""Command line: ``python -m mockios serve|fleet|fault|ca``."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from mockios import clock
from mockios.device import FLAVORS, Device
from mockios.faults import faults_path, update_faults_file
from mockios.pki import ca_cli


def _add_device_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--flavor", choices=FLAVORS, default="ios15")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--secret", default="cisco", help="enable secret")
    parser.add_argument("--state-dir", type=Path, help="persist state and session logs here")
    parser.add_argument("--faults", type=Path, help="JSON file of fault switches")
    parser.add_argument(
        "--authorized-keys",
        type=Path,
        help="OpenSSH authorized_keys file: its keys may log in as --username",
    )
    parser.add_argument(
        "--known-hosts",
        type=Path,
        help="write the routers' host keys here, OpenSSH known_hosts format (default: "
        "known_hosts beside the inventory, else in the state dir)",
    )
    parser.add_argument(
        "--clock-offset",
        help="run the lab's clock (routers and lab CA) moved by this much: +9d, -2h, 90m "
        "(kept in the state dir; change it later with `python -m mockios clock`)",
    )
    parser.add_argument(
        "--empty",
        action="store_true",
        help="start new devices without the flavor's built-in trustpoints (iosxe17)",
    )
    ca_cli.add_challenge_options(parser, "--ca-challenge-file")  # the lab CA's SCEP server


def _credentials(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "username": args.username,
        "password": args.password,
        "secret": args.secret,
        "factory_defaults": not args.empty,
    }


def _faults(args: argparse.Namespace) -> dict[str, Any]:
    return json.loads(args.faults.read_text()) if args.faults else {}


def _serve(args: argparse.Namespace) -> int:
    from mockios.fleet import run_devices

    clock.use_state_dir(args.state_dir, args.clock_offset)
    device = Device(
        args.hostname, args.flavor, args.state_dir, faults=_faults(args), **_credentials(args)
    )
    asyncio.run(
        run_devices(
            [device],
            args.host,
            args.port,
            args.state_dir,
            known_hosts=args.known_hosts,
            authorized_keys=args.authorized_keys,
            ca_challenge=ca_cli.challenge_from(args),
        )
    )
    return 0


def _init_lab_ca(args: argparse.Namespace) -> None:
    """`--ca-key-type`: create the fleet's lab CA with that key type (before anything uses
    it); a lab CA already there must have it."""
    if args.ca_key_type is None:
        return
    if args.state_dir is None:
        raise ValueError("--ca-key-type needs --state-dir (the lab CA lives there)")
    from mockios.pki.lab_url import lab_for

    lab_for(args.state_dir).init_keys(args.ca_key_type, args.ca_curve)


def _fleet(args: argparse.Namespace) -> int:
    from mockios.fleet import Login, make_devices, run_devices
    from mockios.fleet_shards import default_processes, run_sharded_fleet

    clock.use_state_dir(args.state_dir, args.clock_offset)  # before the shards fork
    _init_lab_ca(args)
    processes = args.processes or default_processes(args.count)
    if processes > 1:
        return run_sharded_fleet(
            args.count,
            processes,
            flavor=args.flavor,
            state_dir=args.state_dir,
            faults=_faults(args),
            login=Login(args.username, args.password, args.secret),
            factory_defaults=not args.empty,
            host=args.host,
            base_port=args.base_port,
            inventory=args.inventory,
            known_hosts=args.known_hosts,
            authorized_keys=args.authorized_keys,
            ready_line=_FLEET_READY,
            ca_challenge=ca_cli.challenge_from(args),
        )
    devices = make_devices(
        range(1, args.count + 1), args.flavor, args.state_dir, _faults(args), **_credentials(args)
    )
    asyncio.run(
        run_devices(
            devices,
            args.host,
            args.base_port,
            args.state_dir,
            inventory=args.inventory,
            ready_line=_FLEET_READY,
            known_hosts=args.known_hosts,
            authorized_keys=args.authorized_keys,
            ca_challenge=ca_cli.challenge_from(args),
        )
    )
    return 0


_FLEET_READY = "READY {count} devices"


def _fault(args: argparse.Namespace) -> int:
    data = update_faults_file(
        faults_path(args.state_dir, args.device), args.assignments, args.clear
    )
    print(json.dumps(data, sort_keys=True))
    return 0


def _clock(args: argparse.Namespace) -> int:
    if args.offset is not None:
        seconds = clock.parse_offset(args.offset)
        if args.add:
            seconds += clock.read_offset(args.state_dir)
        clock.write_offset(args.state_dir, seconds)
    clock.use_state_dir(args.state_dir)
    seconds = clock.offset_seconds()
    moment = f"{clock.now():%Y-%m-%dT%H:%M:%SZ}"
    print(f"offset {clock.describe(seconds)} ({seconds:g} s), lab time {moment}")
    return 0


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Any]]:
    parser = argparse.ArgumentParser(prog="python -m mockios", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    runners: dict[str, Any] = {"serve": _serve, "fleet": _fleet, "fault": _fault, "clock": _clock}

    serve = commands.add_parser("serve", help="one device over SSH")
    serve.add_argument("--port", type=int, required=True, help="0 picks a free port")
    serve.add_argument("--hostname", default="R1")
    _add_device_options(serve)

    fleet = commands.add_parser("fleet", help="devices R1..RN on consecutive ports")
    fleet.add_argument("--count", type=int, required=True)
    fleet.add_argument("--base-port", type=int, required=True, help="0 picks free ports")
    fleet.add_argument("--inventory", type=Path, required=True)
    fleet.add_argument(
        "--processes",
        type=int,
        default=0,
        help="serve the routers from this many processes (default: one per core, with at "
        "least 25 routers each)",
    )
    fleet.add_argument(
        "--ca-key-type",
        choices=["rsa", "ec"],
        help="key type of the lab CA if the state dir has none yet (ec: ECDSA, SCEP via an RA)",
    )
    fleet.add_argument("--ca-curve", type=int, choices=[256, 384], default=256)
    _add_device_options(fleet)

    fault = commands.add_parser("fault", help="set fault switches of a running device")
    fault.add_argument("--state-dir", type=Path, required=True)
    fault.add_argument("--device", required=True)
    fault.add_argument("--clear", action="store_true", help="start from the defaults")
    fault.add_argument("assignments", nargs="*", metavar="key=value")

    moved = commands.add_parser("clock", help="show or move the lab's clock (routers, lab CA)")
    moved.add_argument("--state-dir", type=Path, required=True)
    moved.add_argument("--add", action="store_true", help="add to the current offset")
    moved.add_argument("offset", nargs="?", help="offset from real time: +9d, -2h, 0")

    ca_cli.register(commands)  # the lab CA lives with the PKI code
    runners["ca"] = ca_cli.run
    return parser, runners


def main(argv: list[str] | None = None) -> int:
    parser, runners = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(runners[args.command](args) or 0)
    except ValueError as error:
        print(f"mockios: {error}", file=sys.stderr)
        return 2
