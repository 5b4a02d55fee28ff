"""Request signing, error bodies and the endpoint map, over real loopback HTTP."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx
import pytest
from conftest import SignedHTTP

from convert_tui.sandbox import ENDPOINTS


def test_the_test_signer_matches_the_contract_vectors() -> None:
    sign = SignedHTTP.signature
    body = b'{"page":1,"results_per_page":50}'
    url = "https://api.convert.com/api/v1/projects"
    assert sign("app-123", "s3cr3t", "1700000000", url, body) == (
        "b17cd62fc57bb4b3a8e8b81986249f2ca8e8aafe1d95051fc09a343305110602"
    )
    assert sign("app-123", "s3cr3t", "1700000000", url + "/get/42", b"") == (
        "aeb636a671dd50a29a41eff9208315db6044848fc7e0becb0f7835b0c5706fe5"
    )


def _assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["isError"] is True and body["code"] == status and body["message"]
    return body


def test_signed_request_succeeds_and_carries_a_date_header(sandbox_http: SignedHTTP) -> None:
    response = sandbox_http.request("POST", "/projects", {"page": 1, "results_per_page": 50})
    assert response.status_code == 200
    assert isinstance(response.json(), list)
    sent = email.utils.parsedate_to_datetime(response.headers["Date"]).timestamp()
    assert abs(sent - time.time()) < 5


@pytest.mark.parametrize("missing", ["Convert-Application-ID", "Expires", "Authorization"])
def test_missing_header_is_401(sandbox: Any, missing: str) -> None:
    url = sandbox.base_url + "/projects"
    expires = str(int(time.time()) + 60)
    signature = SignedHTTP.signature(sandbox.app_id, sandbox.secret, expires, url, b"")
    headers = {
        "Convert-Application-ID": sandbox.app_id,
        "Expires": expires,
        "Authorization": f"Convert-HMAC-SHA256 Signature={signature}",
    }
    del headers[missing]
    body = _assert_error(httpx.post(url, headers=headers), 401)
    assert missing in body["message"]
    assert "Date" in httpx.post(url, headers=headers).headers


def test_unknown_app_id_is_401(sandbox: Any) -> None:
    http = SignedHTTP(sandbox.base_url, "someone-else", sandbox.secret)
    assert "application" in _assert_error(http.request("POST", "/projects", {}), 401)["message"]


def test_wrong_secret_is_401(sandbox: Any) -> None:
    http = SignedHTTP(sandbox.base_url, sandbox.app_id, "not-the-secret")
    assert "signature" in _assert_error(http.request("POST", "/projects", {}), 401)["message"]


def test_expired_signature_is_401(sandbox_http: SignedHTTP) -> None:
    response = sandbox_http.request("POST", "/projects", {}, expires=int(time.time()) - 5)
    assert "expired" in _assert_error(response, 401)["message"]


def test_non_numeric_expires_is_401(sandbox_http: SignedHTTP) -> None:
    _assert_error(sandbox_http.request("POST", "/projects", {}, expires="soon"), 401)


def test_signature_covers_the_body(sandbox: Any) -> None:
    url = sandbox.base_url + "/projects"
    expires = str(int(time.time()) + 60)
    signature = SignedHTTP.signature(sandbox.app_id, sandbox.secret, expires, url, b"{}")
    headers = {
        "Convert-Application-ID": sandbox.app_id,
        "Expires": expires,
        "Authorization": f"Convert-HMAC-SHA256 Signature={signature}",
    }
    assert httpx.post(url, content=b"{}", headers=headers).status_code == 200
    tampered = httpx.post(url, content=b'{"page":2}', headers=headers)
    _assert_error(tampered, 401)


def test_signature_covers_the_query_string(sandbox: Any) -> None:
    url = sandbox.base_url + "/projects"
    expires = str(int(time.time()) + 60)
    signature = SignedHTTP.signature(sandbox.app_id, sandbox.secret, expires, url, b"")
    headers = {
        "Convert-Application-ID": sandbox.app_id,
        "Expires": expires,
        "Authorization": f"Convert-HMAC-SHA256 Signature={signature}",
    }
    _assert_error(httpx.post(url + "?x=1", headers=headers), 401)
    signed_query = SignedHTTP.signature(sandbox.app_id, sandbox.secret, expires, url + "?x=1", b"")
    headers["Authorization"] = f"Convert-HMAC-SHA256 Signature={signed_query}"
    assert httpx.post(url + "?x=1", headers=headers).status_code == 200


def test_unknown_endpoint_and_wrong_method_answer_json_errors(sandbox_http: SignedHTTP) -> None:
    _assert_error(sandbox_http.request("POST", "/nothing/here", {}), 404)
    _assert_error(sandbox_http.request("GET", "/projects"), 405)


def test_endpoint_table_is_the_contracts_thirty_operations() -> None:
    assert len(ENDPOINTS) == 30
    assert len({(method, path) for _, method, path, _ in ENDPOINTS}) == 30
    assert len({op for op, *_ in ENDPOINTS}) == 30


def test_every_endpoint_is_routed(sandbox_http: SignedHTTP) -> None:
    """Unknown ids give the resource's 404 (not "no such endpoint") on every operation."""
    ids = {"{p}": "10001", "{e}": "nope", "{g}": "nope", "{h}": "nope", "{a}": "nope", "{v}": "x"}
    for op, method, template, _ in ENDPOINTS:
        path = template
        for key, value in ids.items():
            path = path.replace(key, value)
        body = {"name": "x", "goal_name": "x", "audience_name": "x"}
        if op == "change hypothesis status":
            body = {"status": "draft"}
        response = sandbox_http.request(method, path, body if method in ("POST", "PUT") else None)
        assert response.status_code in (200, 404), (op, response.text)
        assert "No such endpoint" not in response.text, op
        if "{" in template.replace("{p}", ""):
            assert response.status_code == 404, op
