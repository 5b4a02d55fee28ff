"""TLS over the sandbox's https (`sandbox --tls`): certificates and host names are always
checked, and a custom CA bundle (--ca-bundle > CONVERT_CA_BUNDLE > SSL_CERT_FILE/DIR > the
default store) is what the CLI and the TUI trust."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.credentials import use_sandbox
from test_ui_explorer import SIZE, settle, tree_of, visible_labels

from convert_tui.api import ConvertClient, errors, tls
from convert_tui.cli import main
from convert_tui.config.profiles import Profile


@pytest.fixture(autouse=True)
def fresh_trust(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No trust setting from the machine or a previous test."""
    for name in (tls.ENV_CA_BUNDLE, tls.ENV_CERT_FILE, tls.ENV_CERT_DIR):
        monkeypatch.delenv(name, raising=False)
    tls.reset()
    yield
    tls.reset()


@pytest.fixture
def https(sandbox_factory: Any) -> Any:
    """A sandbox serving https, its certificate from a throwaway CA (`.ca_path`)."""
    return sandbox_factory(tls=True)


def status(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "status", "--json"])
    out, err = capsys.readouterr()
    return code, out, err


async def first_projects(sandbox: Any) -> list[Any]:
    async with ConvertClient(sandbox.app_id, sandbox.secret, sandbox.base_url) as client:
        return await client.list_projects()


# -- refused --------------------------------------------------------------------------------


async def test_a_certificate_from_a_ca_not_trusted_here_is_refused(https: Any) -> None:
    assert https.base_url.startswith("https://")
    with pytest.raises(errors.TransportError) as refused:
        await first_projects(https)  # the default store: the throwaway CA is in no store
    assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value)
    assert tls.certificate_refused(refused.value)
    assert https.requests == []  # refused in the handshake: no request reached the server


async def test_a_certificate_for_another_host_is_refused_even_from_a_trusted_ca(
    sandbox_factory: Any,
) -> None:
    elsewhere = sandbox_factory(tls=True, tls_names=("api.elsewhere.example",))
    tls.prepare(str(elsewhere.ca_path))  # its CA is trusted: only the name is wrong
    with pytest.raises(errors.TransportError) as refused:
        await first_projects(elsewhere)
    assert "IP address mismatch" in str(refused.value)  # the certificate names another host
    assert elsewhere.requests == []


def test_the_cli_refuses_both_naming_the_certificate_and_the_fix(
    sandbox_factory: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    unknown_ca = sandbox_factory(tls=True)
    use_sandbox(unknown_ca, monkeypatch)
    code, out, err = status(capsys)
    assert (code, out) == (4, "")
    assert "certificate" in err and "--ca-bundle" in err and "Traceback" not in err

    wrong_host = sandbox_factory(tls=True, tls_names=("api.elsewhere.example",))
    use_sandbox(wrong_host, monkeypatch)
    code, out, err = status(capsys, "--ca-bundle", str(wrong_host.ca_path))
    assert (code, out) == (4, "")
    assert "mismatch" in err and "certificate was refused" in err


# -- trusted ----------------------------------------------------------------------------------


def test_ca_bundle_flag_makes_the_cli_trust_the_sandbox(
    https: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    use_sandbox(https, monkeypatch)
    code, out, err = status(capsys, "--ca-bundle", str(https.ca_path))
    assert code == 0, err
    assert '"projects"' in out
    assert any("/projects" in path for _, path, *_ in https.requests)


@pytest.mark.parametrize("variable", [tls.ENV_CA_BUNDLE, tls.ENV_CERT_FILE])
def test_the_environment_names_the_bundle_too(
    https: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], variable: str,
) -> None:  # fmt: skip
    use_sandbox(https, monkeypatch)
    monkeypatch.setenv(variable, str(https.ca_path))
    code, _, err = status(capsys)
    assert code == 0, err


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs `openssl rehash`")
def test_ssl_cert_dir_a_hashed_directory_is_trusted(
    https: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    certs = tmp_path / "certs"
    certs.mkdir()
    shutil.copy(https.ca_path, certs / "sandbox.pem")
    subprocess.run(["openssl", "rehash", str(certs)], check=True, capture_output=True)
    use_sandbox(https, monkeypatch)
    monkeypatch.setenv(tls.ENV_CERT_DIR, str(certs))
    code, _, err = status(capsys)
    assert code == 0, err


def test_the_flag_beats_the_environment_which_beats_ssl_cert_file(
    sandbox_factory: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    served, other = sandbox_factory(tls=True), sandbox_factory(tls=True)
    use_sandbox(served, monkeypatch)
    monkeypatch.setenv(tls.ENV_CERT_FILE, str(served.ca_path))
    monkeypatch.setenv(tls.ENV_CA_BUNDLE, str(other.ca_path))  # wins over SSL_CERT_FILE
    assert status(capsys)[0] == 4
    assert status(capsys, "--ca-bundle", str(served.ca_path))[0] == 0  # the flag wins
    monkeypatch.setenv(tls.ENV_CA_BUNDLE, str(served.ca_path))
    monkeypatch.setenv(tls.ENV_CERT_FILE, str(other.ca_path))
    assert status(capsys)[0] == 0


def test_a_given_bundle_replaces_the_default_store(https: Any) -> None:
    """Only the bundle's CAs are trusted (a default store loaded too would add ~140)."""
    context = tls.build_context(tls.trust_source(str(https.ca_path), {}))
    [only] = context.get_ca_certs()
    assert "convert-tui sandbox" in str(only["subject"])


async def test_the_tui_client_trusts_the_bundle_chosen_at_start(
    https: Any, config_dir: Path
) -> None:
    from convert_tui.ui.app import ConvertApp

    tls.prepare(str(https.ca_path))  # as `convert-tui --ca-bundle FILE` does before the app
    profile = Profile(name="tls", app_id=https.app_id, secret=https.secret, base_url=https.base_url)
    app = ConvertApp(profile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.last_error is None
        names = [str(p.name) for p in app.state.projects]
        assert names and names[0] in "\n".join(visible_labels(tree_of(pilot)))


async def test_the_tui_says_why_an_untrusted_server_is_refused(
    https: Any, config_dir: Path
) -> None:
    from support.ui import notifications

    from convert_tui.ui.app import ConvertApp

    profile = Profile(name="tls", app_id=https.app_id, secret=https.secret, base_url=https.base_url)
    app = ConvertApp(profile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.projects == ()
        assert app.state.last_error is not None
        assert "CERTIFICATE_VERIFY_FAILED" in str(app.state.last_error)
        [said] = [n for n in notifications(app) if "Loading projects failed" in n]
        assert "certificate was refused" in said and "--ca-bundle FILE" in said


# -- bad bundles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "no such file"),
        (b"just text\n", "not a PEM file"),
        (
            b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n",
            "could not be loaded",
        ),
    ],
    ids=["missing", "not-pem", "corrupt-pem"],
)
@pytest.mark.parametrize("command", [["status"], ["report", "1", "2"]])
def test_a_bad_bundle_is_a_usage_error_naming_it(
    https: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], content: bytes | None, says: str, command: list[str],
) -> None:  # fmt: skip
    use_sandbox(https, monkeypatch)
    bundle = tmp_path / "corporate-ca.pem"
    if content is not None:
        bundle.write_bytes(content)
    code = main(["--ca-bundle", str(bundle), *command])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert f"--ca-bundle {bundle}" in err and says in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert https.requests == []  # nothing sent with a trust that is not the one asked for


# -- the command -------------------------------------------------------------------------------


def test_sandbox_tls_prints_its_ca_serves_https_and_removes_it_when_stopped(
    tmp_path: Path,
) -> None:
    import sys

    import httpx

    command = [sys.executable, "-m", "convert_tui.cli", "sandbox", "--tls", "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(3)]
        base_url = lines[0].split(" on ")[1].strip()
        ca_path = Path(lines[2].rsplit(": ", 1)[1].strip())
        assert base_url.startswith("https://127.0.0.1:") and ca_path.is_file()
        assert list(ca_path.parent.iterdir()) == [ca_path]  # the server's key is off disk
        context = tls.build_context(tls.trust_source(str(ca_path), {}))
        answer = httpx.get(base_url + "/projects/get/1", verify=context, timeout=10)
        assert answer.status_code == 401  # a TLS handshake with the CA, then the API: unsigned
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert not ca_path.parent.exists()


def test_the_tui_with_a_bad_bundle_stops_naming_it_before_connecting(
    https: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os
    import sys

    use_sandbox(https, monkeypatch)
    missing = tmp_path / "proxy-ca.pem"
    command = [sys.executable, "-m", "convert_tui.cli", "--ca-bundle", str(missing)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, env=os.environ)
    assert done.returncode == 2
    said = f"convert-tui: --ca-bundle {missing}: no such file; give a PEM file of CA certificates"
    assert done.stderr.endswith(said + "\n") and "Traceback" not in done.stderr
    assert https.requests == []


def test_a_command_ending_at_once_waits_for_the_bundle_it_started_loading(
    tmp_path: Path,
) -> None:
    # `report ../1 x` ends on its usage error while the CA bundle is still loading in its
    # thread. When that thread did not hold the process, the exit ran OpenSSL's cleanup under
    # a load in progress: CI saw the process die of SIGSEGV (exit -11) after its message. The
    # process must end only once the load is done (a slow load stands in for OpenSSL's).
    import os
    import sys
    import textwrap

    marker = tmp_path / "loaded"
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from convert_tui.api import tls

        def slow_build(source):
            time.sleep(0.3)
            Path({str(marker)!r}).write_text("done")
            return None

        tls.build_context = slow_build
        tls.prepare()
        sys.exit(2)  # a usage error, found at once
    """)
    bundle = tmp_path / "bundle.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    environment = {**os.environ, tls.ENV_CA_BUNDLE: str(bundle)}
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, result.stderr
    assert marker.read_text() == "done"


def test_a_usage_error_under_a_big_bundle_still_loading_exits_2_not_sigsegv(
    tmp_path: Path,
) -> None:
    # The crash itself, with OpenSSL's own load: a big bundle (20 copies of certifi's) takes
    # ~0.5 s to load, and `report ../1 x` ends long before that. Before the fix about half
    # of such runs died of SIGSEGV (exit -11, 139 in a shell).
    import os
    import sys

    import certifi

    bundle = tmp_path / "big.pem"
    bundle.write_bytes(Path(certifi.where()).read_bytes() * 20)
    environment = {**os.environ, tls.ENV_CA_BUNDLE: str(bundle)}
    for _ in range(5):
        result = subprocess.run(
            [sys.executable, "-m", "convert_tui.cli", "report", "../1", "1000001"],
            env=environment, capture_output=True, text=True, timeout=60, cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert "invalid project id" in result.stderr
