"""netpki.ios.crypto_keys over real SSH against mockios (both flavors), via ansible-playbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from device_helpers import LogWindow, device_show, run_tasks, write_inventory
from diff_texts import public_key_sha256
from mockios_proc import start_mockios

MYPUBKEY = "show crypto key mypubkey all"


def _task(name: str = "keys", **args) -> dict:
    return {"name": name, "netpki.ios.crypto_keys": args}


@pytest.fixture(params=["ios15", "iosxe17"])
def device(request, tmp_path: Path):
    with start_mockios(tmp_path / "mockios", flavor=request.param) as run:
        yield run.device


@pytest.fixture
def inventory(tmp_path: Path, device) -> Path:
    return write_inventory(tmp_path / "inventory.yml", [device])


def test_generate_is_idempotent_and_replaces_only_on_difference(
    tmp_path: Path, device, inventory: Path
) -> None:
    tasks = [
        _task("first", label="CORP-KEY", size=1024),
        _task("again", label="CORP-KEY", size=1024),
        _task("bigger", label="CORP-KEY", size=2048),
        _task("forced", label="CORP-KEY", size=2048, force=True),
    ]
    window = LogWindow(device)
    run = run_tasks(tmp_path, inventory, tasks)
    assert run.rc == 0, run.output
    first, again = run.result("first"), run.result("again")
    bigger, forced = run.result("bigger"), run.result("forced")
    assert first["changed"] is True and first["before"] is None
    assert first["commands"] == ["crypto key generate rsa general-keys label CORP-KEY modulus 1024"]
    assert again["changed"] is False and again["commands"] == []
    assert bigger["changed"] is True and bigger["before"]["size"] == 1024
    assert bigger["after"] == {
        "label": "CORP-KEY",
        "type": "rsa",
        "size": 2048,
        "usage": "general",
        "exportable": False,
        "storage": None,
        "public_key_sha256": forced["before"]["public_key_sha256"],
    }
    assert forced["changed"] is True
    assert forced["after"]["public_key_sha256"] != bigger["after"]["public_key_sha256"]
    assert window.sessions == 4  # one SSH session per task
    held = public_key_sha256(_public_key_der(device, "CORP-KEY"))
    assert forced["after"]["public_key_sha256"] == held


def test_ec_key_is_confirmed_by_the_prompt_and_the_key_listing(
    tmp_path: Path, device, inventory: Path
) -> None:
    """mockios prints what real IOS-XE prints for EC keys (the name, a blank line, the
    prompt; no `[OK]`; the key listed as a lone `Usage: Signature Key`): the task must
    succeed on that, rerun unchanged, and replace on force."""
    tasks = [
        _task("ec", label="EC-KEY", type="ec", size=256),
        _task("ec again", label="EC-KEY", type="ec", size=256),
        _task("ec forced", label="EC-KEY", type="ec", size=256, force=True),
    ]
    run = run_tasks(tmp_path, inventory, tasks)
    assert run.rc == 0, run.output
    first, again, forced = run.result("ec"), run.result("ec again"), run.result("ec forced")
    assert first["changed"] is True and first["before"] is None
    assert first["commands"] == ["crypto key generate ec keysize 256 label EC-KEY"]
    assert first["after"]["type"] == "ec" and first["after"]["size"] == 256
    assert again["changed"] is False and again["commands"] == []
    assert forced["changed"] is True
    assert forced["commands"] == ["crypto key generate ec keysize 256 label EC-KEY", "yes"]
    listing = device_show(device, "show crypto key mypubkey ec EC-KEY")
    assert "Key name: EC-KEY" in listing and " Usage: Signature Key\n" in listing
    assert first["after"]["usage"] == again["before"]["usage"] == "general"


def test_type_change_zeroizes_first_and_absent_removes(
    tmp_path: Path, device, inventory: Path
) -> None:
    tasks = [
        _task("rsa", label="VPN", size=1024),
        _task("ec", label="VPN", type="ec", size=384, exportable=True),
        _task("gone", label="VPN", state="absent"),
        _task("gone again", label="VPN", state="absent"),
    ]
    run = run_tasks(tmp_path, inventory, tasks)
    assert run.rc == 0, run.output
    assert run.result("ec")["commands"] == [
        "crypto key zeroize rsa VPN",
        "yes",
        "crypto key generate ec keysize 384 label VPN exportable",
    ]
    assert run.result("ec")["after"]["exportable"] is True
    assert run.result("gone")["commands"] == ["crypto key zeroize ec VPN", "yes"]
    assert run.result("gone again")["changed"] is False
    assert "VPN" not in device_show(device, MYPUBKEY)


def test_usage_keys(tmp_path: Path, device, inventory: Path) -> None:
    tasks = [
        _task("split", label="SPLIT", size=1024, usage="usage-keys"),
        _task("split again", label="SPLIT", size=1024, usage="usage-keys"),
    ]
    run = run_tasks(tmp_path, inventory, tasks)
    assert run.rc == 0, run.output
    assert run.result("split")["after"]["usage"] == "usage-keys"
    assert run.result("split again")["changed"] is False


def test_check_mode_sends_no_dialog(tmp_path: Path, device, inventory: Path) -> None:
    window = LogWindow(device)
    run = run_tasks(tmp_path, inventory, [_task(label="K", size=1024)], check=True, diff=True)
    result = run.result("keys")
    assert result["changed"] is True and result["after"]["size"] == 1024
    assert result["diff"] == {
        "before_header": "key pair K",
        "after_header": "key pair K",
        "before": "key pair K: none\n",
        "after": _key_text("K", "rsa", 1024, "new, made by the router"),
    }
    assert "+  public key sha256: new, made by the router" in run.output  # as Ansible prints it
    assert window.config_lines == [] and window.show_commands == [MYPUBKEY]
    assert "K" not in device_show(device, MYPUBKEY).split()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"type": "ec", "size": 2048}, "size: 2048 is not one of 256, 384, 521"),
        ({"size": 100}, "size: 100 is out of range 360-4096"),
        ({"type": "ec", "usage": "usage-keys"}, "usage: usage-keys exist for RSA only"),
        ({"storage": "usb token"}, "storage: 'usb token' is not an IOS file system location"),
    ],
)
def test_bad_values_fail_before_connecting(
    tmp_path: Path, device, inventory: Path, args: dict, message: str
) -> None:
    window = LogWindow(device)
    run = run_tasks(tmp_path, inventory, [_task(label="K", **args)])
    (record,) = run.for_task("keys")
    assert record["status"] == "failed"
    assert message in record["result"]["msg"]
    assert window.sessions == 0


def test_verbose_output_says_which_keys_are_generated_and_the_result_how_long(
    tmp_path: Path, device, inventory: Path
) -> None:
    run = run_tasks(tmp_path, inventory, [_task(label="BIG", size=2048)], verbosity=1)
    assert run.rc == 0, run.output
    step = "generating 2048-bit RSA keys BIG"
    assert f"<{device.name}> {step} (up to 120s)" in run.output
    (wait,) = run.result("keys")["waits"]
    assert wait["step"] == step and wait["seconds"] >= 0


def _key_text(label: str, kind: str, size: int, digest: str) -> str:
    return (
        f"key pair {label}:\n  type: {kind}\n  size: {size}\n  usage: general\n"
        f"  exportable: no\n  storage: default (private-config)\n"
        f"  public key sha256: {digest}\n"
    )


def _public_key_der(device, label: str) -> bytes:
    """The DER public key the router lists under ``label`` (its ``Key Data`` hex)."""
    lines = device_show(device, MYPUBKEY).splitlines()
    start = next(i for i, line in enumerate(lines) if line.split() == ["Key", "name:", label])
    data = next(i for i in range(start, len(lines)) if lines[i].strip() == "Key Data:")
    digits = []
    for line in lines[data + 1 :]:
        words = line.split()
        if not words or not all(
            len(w) <= 8 and all(c in "0123456789ABCDEF" for c in w) for w in words
        ):
            break
        digits += words
    return bytes.fromhex("".join(digits))


def test_diff_names_the_key_pair_and_its_public_key(tmp_path: Path, device, inventory) -> None:
    made = run_tasks(tmp_path, inventory, [_task(label="K", size=1024)], diff=True)
    assert made.rc == 0, made.output
    first = public_key_sha256(_public_key_der(device, "K"))
    assert made.result("keys")["diff"]["before"] == "key pair K: none\n"
    assert made.result("keys")["diff"]["after"] == _key_text("K", "rsa", 1024, first)

    again = run_tasks(tmp_path, inventory, [_task(label="K", size=1024)], diff=True)
    assert again.result("keys")["changed"] is False
    assert again.result("keys")["diff"]["before"] == again.result("keys")["diff"]["after"]
    assert "--- before" not in again.output

    forced = run_tasks(tmp_path, inventory, [_task(label="K", size=1024, force=True)], diff=True)
    second = public_key_sha256(_public_key_der(device, "K"))
    assert second != first  # a new key pair, as the diff shows
    assert forced.result("keys")["diff"]["before"] == _key_text("K", "rsa", 1024, first)
    assert forced.result("keys")["diff"]["after"] == _key_text("K", "rsa", 1024, second)

    planned = run_tasks(
        tmp_path, inventory, [_task(label="K", state="absent")], check=True, diff=True
    )
    assert planned.result("keys")["diff"]["after"] == "key pair K: none (zeroized)\n"
    assert public_key_sha256(_public_key_der(device, "K")) == second  # still there
    removed = run_tasks(tmp_path, inventory, [_task(label="K", state="absent")], diff=True)
    assert removed.result("keys")["diff"]["before"] == _key_text("K", "rsa", 1024, second)
    assert removed.result("keys")["diff"]["after"] == "key pair K: none (zeroized)\n"
