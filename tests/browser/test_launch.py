"""How the browser is launched: executable, flags and proxy from the environment (no browser)."""

from __future__ import annotations

from ogpcrawl import browser
from ogpcrawl.browser import CHROMIUM_ARGS, launch_options, proxy_from_env


def test_system_chromium_used_when_present(tmp_path):
    exe = tmp_path / "chromium"
    exe.write_text("")
    assert launch_options({}, executable=str(exe))["executable_path"] == str(exe)


def test_playwrights_own_browser_when_no_system_chromium(tmp_path, monkeypatch):
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    assert "executable_path" not in launch_options({}, executable=str(tmp_path / "absent"))


def test_network_quieting_flags_always_passed():
    args = launch_options({})["args"]
    for flag in (
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-sandbox",
    ):
        assert flag in args
    assert tuple(args) == CHROMIUM_ARGS


def test_https_proxy_and_no_proxy_become_server_and_bypass():
    env = {
        "https_proxy": "http://127.0.0.1:3128",
        "http_proxy": "http://10.0.0.1:8080",
        "no_proxy": "localhost, .internal.az,10.1.2.3",
    }
    assert proxy_from_env(env) == {
        "server": "http://127.0.0.1:3128",
        "bypass": "localhost,.internal.az,10.1.2.3",
    }


def test_upper_case_http_proxy_alone_is_used():
    assert proxy_from_env({"HTTP_PROXY": "proxy.local:8080"}) == {
        "server": "http://proxy.local:8080"
    }


def test_proxy_credentials_are_split_out():
    proxy = proxy_from_env({"https_proxy": "http://user:secret@proxy.local:3128"})
    assert proxy == {"server": "http://proxy.local:3128", "username": "user", "password": "secret"}


def test_no_proxy_star_and_empty_env_mean_direct():
    assert proxy_from_env({"https_proxy": "http://p:1", "no_proxy": "*"}) is None
    assert proxy_from_env({"https_proxy": "", "no_proxy": ""}) is None
    assert "proxy" not in launch_options({})


def test_configured_launch_options_win():
    opts = launch_options(
        {"https_proxy": "http://p:1"}, configured={"headless": False, "proxy": None}
    )
    assert opts["headless"] is False and opts["proxy"] is None


def test_both_contexts_ignore_certificate_errors_and_only_mobile_is_a_phone():
    assert all(c["ignore_https_errors"] for c in browser.CONTEXTS.values())
    mobile = browser.CONTEXTS["mobile"]
    assert mobile["is_mobile"] and mobile["has_touch"] and "Mobile" in mobile["user_agent"]
    assert not browser.CONTEXTS["desktop"].get("is_mobile")
    assert "mobile" not in browser.LIGHT_CONTEXTS  # images load where the layout is measured
