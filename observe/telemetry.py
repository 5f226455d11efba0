"""Optional Azure Monitor (Application Insights) through OpenTelemetry: spans and counters, no text.

Switched on only by `APPLICATIONINSIGHTS_CONNECTION_STRING` (`start_telemetry`, called by `serve`).
Without it nothing of OpenTelemetry or Azure Monitor is imported, and every hook here does nothing:
`Telemetry` itself is the hooks' do-nothing form, `OpenTelemetry` the one that records.

What is recorded:
- a span per turn (`socialdesk.turn`: activity type, command, outcome) and per register call
  (`register.<method>`: method, backend, and an error's class name), see `observe.traced_register`;
- counters `socialdesk.checks` (by the action recommended), `socialdesk.blocks.recorded`,
  `socialdesk.digests.sent` and `socialdesk.digests.failed`.

What is never sent: post text, people's names or ids, handles, conversation or block ids, tokens. No
hook takes them: attributes are names the code chose from fixed sets, and numbers. A failure is
recorded as its exception's class name, never its message (which can quote a block id); OpenTelemetry
would otherwise attach the message to the span. The Azure Monitor distro's log export is off (a log
record's message is filled with people's text before any formatter sees it), and so are its library
instrumentations: their spans carry URLs with conversation ids (requests, urllib) and table keys (the
Azure SDK). So are Live Metrics, the SDK's usage reports to Microsoft (statsbeat) and its remote
configuration, unless an operator sets their variables: Social Desk sends only what is listed here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from socialdesk_version import __version__

if TYPE_CHECKING:
    from opentelemetry.metrics import MeterProvider
    from opentelemetry.trace import TracerProvider

CONNECTION_SETTING = "APPLICATIONINSIGHTS_CONNECTION_STRING"
# The SDK's own traffic to Microsoft, off unless the operator says otherwise.
SDK_DEFAULTS = {
    "APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL": "true",
    "APPLICATIONINSIGHTS_CONTROLPLANE_DISABLED": "true",
}
# Every library instrumentation the distro knows (azure-monitor-opentelemetry 1.8), each switched off;
# a test fails when an upgrade knows one more.
DISTRO_INSTRUMENTATIONS = (
    "azure_sdk", "django", "fastapi", "flask", "httpx", "httpx2", "psycopg2", "requests", "urllib", "urllib3",
)  # fmt: skip
NAME = "socialdesk"
TURN_SPAN = "socialdesk.turn"
DIGEST_OUTCOMES = ("sent", "failed")
# A second line of defence: an attribute text must look like a name the code chose (a command, an
# action, a class name). Anything else, which no caller should pass, is sent as "other".
_NAME_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9_.:/-]{0,63}")

AttributeValue = str | int | float | bool


def safe_attributes(notes: Mapping[str, object]) -> dict[str, AttributeValue]:
    """The attributes as sent: numbers and booleans kept, texts kept only when shaped like a name."""
    kept: dict[str, AttributeValue] = {}
    for key, value in notes.items():
        if isinstance(value, bool | int | float):
            kept[key] = value
        elif isinstance(value, str):
            kept[key] = value if _NAME_SHAPE.fullmatch(value) else "other"
    return kept


class Telemetry:
    """The hooks, recording nothing: what runs without a connection string."""

    enabled = False

    @contextmanager
    def span(
        self, name: str, *, request: bool = False, **attributes: AttributeValue
    ) -> Iterator[MutableMapping[str, object]]:
        """A span around the block; the caller may add attributes to the mapping it is given.
        `request`: it serves a request (Application Insights lists it under requests, not
        dependencies)."""
        yield {}

    def check(self, action: str) -> None:
        """A post was checked and this action recommended."""

    def block_recorded(self) -> None:
        """A new block was recorded (not a form sent again after its block was recorded)."""

    def digest(self, outcome: str) -> None:
        """A channel's daily digest was sent, or failed (other outcomes are not counted)."""


class OpenTelemetry(Telemetry):
    """The hooks, recording through OpenTelemetry providers (Azure Monitor's, or a test's in memory)."""

    enabled = True

    def __init__(self, tracer_provider: TracerProvider, meter_provider: MeterProvider) -> None:
        self._tracer = tracer_provider.get_tracer(NAME, __version__)
        meter = meter_provider.get_meter(NAME, __version__)
        self._checks = meter.create_counter(
            "socialdesk.checks", unit="{check}", description="Posts checked, by the action recommended"
        )
        self._blocks = meter.create_counter(
            "socialdesk.blocks.recorded", unit="{block}", description="Blocks recorded"
        )
        self._digests = {
            outcome: meter.create_counter(
                f"socialdesk.digests.{outcome}", unit="{digest}", description=f"Daily digests {outcome}"
            )
            for outcome in DIGEST_OUTCOMES
        }

    @contextmanager
    def span(
        self, name: str, *, request: bool = False, **attributes: AttributeValue
    ) -> Iterator[MutableMapping[str, object]]:
        from opentelemetry.trace import SpanKind, Status, StatusCode

        notes: dict[str, object] = dict(attributes)
        kind = SpanKind.SERVER if request else SpanKind.INTERNAL
        # Not OpenTelemetry's own exception recording: it would attach the exception's message.
        with self._tracer.start_as_current_span(
            name, kind=kind, record_exception=False, set_status_on_exception=False
        ) as span:
            try:
                yield notes
            except BaseException as exc:
                notes["error.type"] = type(exc).__name__
                span.set_status(Status(StatusCode.ERROR))
                raise
            finally:
                span.set_attributes(safe_attributes(notes))

    def check(self, action: str) -> None:
        self._checks.add(1, safe_attributes({"action": action}))

    def block_recorded(self) -> None:
        self._blocks.add(1)

    def digest(self, outcome: str) -> None:
        counter = self._digests.get(outcome)
        if counter is not None:
            counter.add(1)


_current: Telemetry = Telemetry()


def current() -> Telemetry:
    """The process's telemetry (OpenTelemetry's providers are process-wide too)."""
    return _current


def install(telemetry: Telemetry) -> Telemetry:
    """Make `telemetry` the process's; returns the one it replaces (tests put it back)."""
    global _current
    previous, _current = _current, telemetry
    return previous


def start_telemetry(values: Mapping[str, str]) -> Telemetry:
    """Switch Azure Monitor on when `APPLICATIONINSIGHTS_CONNECTION_STRING` is set, and install it.

    Without the setting, nothing is imported and the do-nothing hooks stay. ValueError (naming the
    setting, never its value) when the distro refuses the connection string.
    """
    connection = (values.get(CONNECTION_SETTING) or "").strip()
    if not connection:
        return current()
    from azure.monitor.opentelemetry import configure_azure_monitor
    from opentelemetry import metrics, trace

    for name, value in SDK_DEFAULTS.items():
        os.environ.setdefault(name, value)  # the SDK reads only the process environment
    try:
        configure_azure_monitor(
            connection_string=connection,
            disable_logging=True,
            enable_live_metrics=False,
            instrumentation_options={name: {"enabled": False} for name in DISTRO_INSTRUMENTATIONS},
        )
    except ValueError as exc:  # its message may quote the connection string
        raise ValueError(f"{CONNECTION_SETTING} could not be used ({type(exc).__name__})") from None
    telemetry = OpenTelemetry(trace.get_tracer_provider(), metrics.get_meter_provider())
    install(telemetry)
    return telemetry
