"""Azure Monitor through OpenTelemetry: a span per turn and per register call, counters for checks by
action, blocks recorded and digests sent and failed, read back from OpenTelemetry's in-memory span
exporter and metric reader (no network); nothing personal in any of it; and, without
APPLICATIONINSIGHTS_CONNECTION_STRING, nothing imported, wrapped or sent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader, NumberDataPoint
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from observe import telemetry
from observe.telemetry import (
    CONNECTION_SETTING,
    DISTRO_INSTRUMENTATIONS,
    SDK_DEFAULTS,
    OpenTelemetry,
    Telemetry,
    install,
    safe_attributes,
    start_telemetry,
)
from observe.traced_register import traced
from policy.pack import PolicyPack
from register.model import Subscription
from register.tinydb_store import TinyDBRegister
from reminders.cli import build_delivery
from reminders.config import DigestConfig
from reminders.sender import DigestRun, RetryPolicy
from settings import Settings
from tests.support.activities import EDITOR, TENANT, Teams
from tests.support.botserver import serve
from tests.support.connector import Connector
from tests.support.flaky_connector import flaky_connector
from tests.support.forms import typed_block_form
from tests.support.review_blocks import DECIDED_AT, DECIDER, channel_reference, new_block

ROOT = Path(__file__).resolve().parents[2]
NO_WAIT = RetryPolicy(attempts=2, first_wait=0.0, max_wait=0.0)
POST = "check @troll_9931 on x: You absolute morons, I know where Dr Quentin parks"


@dataclass
class Recorded:
    spans: InMemorySpanExporter
    metrics: InMemoryMetricReader
    telemetry: OpenTelemetry

    def finished(self) -> list[ReadableSpan]:
        return list(self.spans.get_finished_spans())

    def counts(self) -> dict[tuple[str, tuple[tuple[str, Any], ...]], int]:
        """Each counter's value per attribute set: {(name, sorted attributes): value}."""
        data = self.metrics.get_metrics_data()
        found: dict[tuple[str, tuple[tuple[str, Any], ...]], int] = {}
        for resource in data.resource_metrics if data else []:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    for point in metric.data.data_points:
                        assert isinstance(point, NumberDataPoint)  # counters only
                        found[(metric.name, tuple(sorted((point.attributes or {}).items())))] = int(
                            point.value
                        )
        return found

    def everything_sent(self) -> str:
        """Every span (names, attributes, events, status, links) and every metric, as exported JSON."""
        data = self.metrics.get_metrics_data()
        return "\n".join([span.to_json() for span in self.finished()] + [data.to_json() if data else ""])


@pytest.fixture
def recorded() -> Iterator[Recorded]:
    """OpenTelemetry providers that keep what they record in memory, installed for the test."""
    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    hooks = OpenTelemetry(tracer_provider, meter_provider)
    previous = install(hooks)
    try:
        yield Recorded(spans, reader, hooks)
    finally:
        install(previous)
        tracer_provider.shutdown()
        meter_provider.shutdown()


def _submit_data(card: dict[str, Any]) -> dict[str, Any]:
    [button] = [a for a in card["actions"] if a.get("verb") == "block.submit"]
    data: dict[str, Any] = button["data"]
    return data


async def test_turns_and_register_calls_are_spans_and_checks_and_blocks_are_counted_with_nothing_personal(
    recorded: Recorded,
    register: TinyDBRegister,
    pack: PolicyPack,
    connector: Connector,
    local_settings: Settings,
    tmp_path: Path,
) -> None:
    chat = Teams(connector.url)
    async with serve(local_settings, traced(register, "tinydb", recorded.telemetry), pack) as bot:
        await bot.post(chat.message(POST))
        await bot.post(chat.message("check The car park is busy today"))  # nothing to act on
        await bot.post(chat.message("block @troll_9931 on x"))
        form = _submit_data(connector.cards()[-1]) | typed_block_form(account="@troll_9931")
        first = await bot.post(chat.execute("block.submit", form))
        again = await bot.post(chat.execute("block.submit", form))  # the same form: one block
        [block] = await register.active_blocks()
        stale = {
            "block": block.id, "revision": "an-old-revision", "day": date.today().isoformat(),
            "ids": [block.id], f"lift_reason_{block.id}": "Quentin apologised",
        }  # fmt: skip
        lifted = await bot.post(chat.execute("review.lift", stale))
    spans = recorded.finished()
    turns = [s for s in spans if s.name == "socialdesk.turn"]
    calls = [s for s in spans if s.name.startswith("register.")]

    assert (first.status, again.status, lifted.status) == (200, 200, 200)
    assert [(t.attributes or {}).get("command") for t in turns] == [
        "check", "check", "block", "action:block.submit", "action:block.submit", "action:review.lift",
    ]  # fmt: skip
    assert {(t.attributes or {}).get("activity_type") for t in turns} == {"message", "invoke"}
    assert {t.kind for t in turns} == {SpanKind.SERVER}  # Application Insights' requests
    turn_ids = {t.context.span_id for t in turns}
    assert calls and all(c.parent is not None and c.parent.span_id in turn_ids for c in calls)
    assert {(c.attributes or {}).get("backend") for c in calls} == {"tinydb"}
    assert "register.add_block" in {c.name for c in calls}
    [conflict] = [c for c in calls if c.name == "register.lift_block"]
    assert (conflict.attributes or {}).get("error.type") == "Conflict"
    assert not conflict.status.is_ok and not conflict.events  # the class name, not the message
    counts = recorded.counts()
    assert counts[("socialdesk.checks", (("action", "escalate"),))] == 1
    assert counts[("socialdesk.checks", (("action", "no_action"),))] == 1
    assert counts[("socialdesk.blocks.recorded", ())] == 1
    forbidden = [
        "troll_9931", "morons", "Quentin", "parks", "busy today", "regret", "nurses", "Repeated threats",
        block.id, EDITOR.name, EDITOR.aad_object_id, EDITOR.id, TENANT, chat.conversation_id,
        connector.url, str(tmp_path),
    ]  # fmt: skip
    sent = recorded.everything_sent()
    assert [word for word in forbidden if word in sent] == []


async def test_digests_sent_and_failed_are_counted(
    recorded: Recorded, register: TinyDBRegister, pack: PolicyPack
) -> None:
    deliver = build_delivery(Settings(local=True))  # the real adapter, to the Bot Connector stand-in
    with flaky_connector() as connector:
        for conversation in ("19:comms", "19:duty"):
            await register.save_subscription(
                Subscription(conversation, channel_reference(conversation, connector.url))
            )
        await register.add_block(new_block("@angry_poster", date(2026, 12, 22)), DECIDER, DECIDED_AT)
        connector.fail("19:duty", *[502] * NO_WAIT.attempts)
        nine = datetime(2026, 12, 22, 9, 0, tzinfo=UTC)
        report = await DigestRun(register, pack, DigestConfig(instance="bot"), deliver, retry=NO_WAIT).run(
            nine
        )

    assert sorted(o.kind for o in report.outcomes) == ["failed", "sent"]
    counts = recorded.counts()
    assert (counts[("socialdesk.digests.sent", ())], counts[("socialdesk.digests.failed", ())]) == (1, 1)
    assert "19:duty" not in recorded.everything_sent() and "19:comms" not in recorded.everything_sent()


def test_attribute_texts_that_do_not_look_like_names_are_never_sent() -> None:
    kept = safe_attributes(
        {"command": "action:block.submit", "action": "You absolute morons", "count": 3, "handle": "@troll"}
    )

    assert kept == {"command": "action:block.submit", "action": "other", "count": 3, "handle": "other"}


async def test_without_telemetry_the_register_is_not_wrapped(register: TinyDBRegister) -> None:
    assert traced(register, "tinydb", Telemetry()) is register


def test_without_a_connection_string_nothing_of_opentelemetry_or_azure_monitor_is_imported() -> None:
    script = (
        "import sys, app, observe.telemetry as t\n"
        "assert t.start_telemetry({}) is t.current() and not t.current().enabled\n"
        "print(sorted({m for m in sys.modules if m.startswith(('opentelemetry', 'azure.monitor'))}))\n"
    )
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.replace("'", '"')) == []


def test_a_connection_string_switches_azure_monitor_on_without_logs_instrumentations_or_sdk_traffic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import azure.monitor.opentelemetry as distro
    from azure.monitor.opentelemetry import _constants

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(distro, "configure_azure_monitor", lambda **options: calls.append(options))
    for name in SDK_DEFAULTS:
        monkeypatch.delenv(name, raising=False)
    connection = (
        "InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=http://127.0.0.1:9/"
    )
    previous = telemetry.current()
    try:
        started = start_telemetry({CONNECTION_SETTING: connection})
    finally:
        install(previous)

    assert started.enabled
    [options] = calls
    assert options["connection_string"] == connection
    assert options["disable_logging"] is True  # log records carry people's text
    assert options["enable_live_metrics"] is False
    instrumentations = options["instrumentation_options"]
    assert set(_constants._ALL_SUPPORTED_INSTRUMENTED_LIBRARIES) <= set(DISTRO_INSTRUMENTATIONS)
    assert all(instrumentations[name] == {"enabled": False} for name in DISTRO_INSTRUMENTATIONS)
    assert {name: os.environ.get(name) for name in SDK_DEFAULTS} == SDK_DEFAULTS


def test_a_connection_string_the_distro_refuses_is_named_without_its_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in SDK_DEFAULTS.items():
        monkeypatch.setenv(name, value)  # and restored after: the SDK reads the process environment
    previous = telemetry.current()
    try:
        with pytest.raises(ValueError) as refused:
            start_telemetry({CONNECTION_SETTING: "InstrumentationKey=not-a-guid-secret"})
    finally:
        install(previous)

    assert CONNECTION_SETTING in str(refused.value)
    assert "not-a-guid-secret" not in str(refused.value)
