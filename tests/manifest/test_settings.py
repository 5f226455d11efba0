"""Package settings: flags over environment variables, defaults from the domain, clear refusals."""

from __future__ import annotations

import pytest

from manifest.settings import SettingsError, resolve_settings
from tests.manifest.conftest import BOT_ID, DOMAIN


def test_settings_come_from_the_environment():
    environ = {
        "MicrosoftAppId": BOT_ID.upper(),
        "SOCIALDESK_APP_DOMAIN": "Trust.NHS.UK",
        "SOCIALDESK_APP_VERSION": "2.3.4",
        "SOCIALDESK_DEVELOPER_NAME": "Example NHS Trust",
        "SOCIALDESK_WEBSITE_URL": "https://trust.nhs.uk/social-desk",
        "SOCIALDESK_PRIVACY_URL": "https://trust.nhs.uk/privacy-notice",
        "SOCIALDESK_TERMS_URL": "https://trust.nhs.uk/terms-of-use",
        "SOCIALDESK_TEAMS_APP_ID": "0f8fad5b-d9cb-469f-a165-70867728950e",
    }

    settings = resolve_settings({}, environ)

    assert settings.bot_app_id == BOT_ID  # normalised to lower case
    assert settings.teams_app_id == "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert settings.domain == "trust.nhs.uk"
    assert settings.version == "2.3.4"
    assert settings.developer_name == "Example NHS Trust"
    assert settings.website_url == "https://trust.nhs.uk/social-desk"
    assert settings.privacy_url == "https://trust.nhs.uk/privacy-notice"
    assert settings.terms_url == "https://trust.nhs.uk/terms-of-use"
    assert settings.defaulted == ()


def test_flags_win_over_the_environment():
    settings = resolve_settings(
        {"app_id": BOT_ID, "domain": DOMAIN, "version": "1.2.3"},
        {"MicrosoftAppId": "0f8fad5b-d9cb-469f-a165-70867728950e", "SOCIALDESK_APP_VERSION": "9.9.9"},
    )

    assert (settings.bot_app_id, settings.version) == (BOT_ID, "1.2.3")


def test_defaults_are_derived_from_the_domain_and_reported():
    settings = resolve_settings({"app_id": BOT_ID, "domain": "*.trust.nhs.uk"}, {})

    assert settings.domain == "*.trust.nhs.uk"
    assert settings.teams_app_id == BOT_ID
    assert settings.developer_name == "trust.nhs.uk"
    assert settings.privacy_url == "https://trust.nhs.uk/privacy"
    assert set(settings.defaulted) == {
        "teams_app_id",
        "version",
        "developer_name",
        "website_url",
        "privacy_url",
        "terms_url",
    }


def test_an_empty_environment_variable_counts_as_unset():
    with pytest.raises(SettingsError, match="missing bot app id: pass --app-id or set MicrosoftAppId"):
        resolve_settings({"domain": DOMAIN}, {"MicrosoftAppId": "  "})


GOOD = {"app_id": BOT_ID, "domain": DOMAIN}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"domain": DOMAIN}, "missing bot app id: pass --app-id or set MicrosoftAppId"),
        ({"app_id": BOT_ID}, "missing domain: pass --domain or set SOCIALDESK_APP_DOMAIN"),
        ({**GOOD, "app_id": "my-bot"}, "bot app id 'my-bot' is not a GUID"),
        ({**GOOD, "app_id": BOT_ID + "0"}, "is not a GUID"),
        ({**GOOD, "app_id": "00000000-0000-0000-0000-000000000000"}, "nil GUID"),
        (
            {**GOOD, "teams_app_id": "x"},
            r"Teams app id 'x' is not a GUID .*\(--teams-app-id or SOCIALDESK_TEAMS_APP_ID\)",
        ),
        ({**GOOD, "domain": "https://example.nhs.uk"}, "without https://, a port or a path"),
        ({**GOOD, "domain": "example.nhs.uk/social"}, "without https://, a port or a path"),
        ({**GOOD, "domain": "localhost"}, "is not a host name like example.nhs.uk"),
        ({**GOOD, "domain": "exa mple.nhs.uk"}, "is not a host name"),
        ({**GOOD, "domain": "-bad.nhs.uk"}, "is not a host name"),
        ({**GOOD, "version": "1.0"}, "app version '1.0' must be MAJOR.MINOR.PATCH"),
        ({**GOOD, "version": "1.0.0-beta"}, "must be MAJOR.MINOR.PATCH"),
        ({**GOOD, "version": "01.0.0"}, "must be MAJOR.MINOR.PATCH"),
        ({**GOOD, "developer_name": "x" * 33}, "developer name must be at most 32 characters, got 33"),
        (
            {**GOOD, "domain": "a-very-long-subdomain.example-trust.nhs.uk"},
            "developer name defaults to the domain, which is longer than 32 characters",
        ),
        ({**GOOD, "privacy_url": "http://example.nhs.uk/privacy"}, "privacy URL .* must start with https://"),
        ({**GOOD, "terms_url": "example.nhs.uk/terms"}, "terms of use URL .* must start with https://"),
        ({**GOOD, "website_url": "https://"}, "website URL 'https://' has no host name"),
        ({**GOOD, "website_url": "https://example.nhs.uk/a b"}, "contains spaces"),
        ({**GOOD, "website_url": "https://[::1"}, "is not a valid URL"),
    ],
    ids=[
        "no-app-id",
        "no-domain",
        "app-id-not-guid",
        "app-id-too-long",
        "app-id-nil",
        "teams-app-id",
        "domain-with-scheme",
        "domain-with-path",
        "domain-single-label",
        "domain-space",
        "domain-leading-hyphen",
        "version-two-parts",
        "version-prerelease",
        "version-leading-zero",
        "developer-name-long",
        "developer-name-default-long",
        "privacy-http",
        "terms-no-scheme",
        "website-no-host",
        "website-space",
        "website-malformed",
    ],
)
def test_bad_settings_are_refused_with_one_clear_line(given: dict[str, str], message: str):
    with pytest.raises(SettingsError, match=message) as raised:
        resolve_settings(given, {})

    assert "\n" not in str(raised.value)
