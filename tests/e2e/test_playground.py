"""End to end with a real Teams-like client: the Microsoft 365 Agents Playground, driven in Chromium.

The bot runs in local mode (the Playground sends no token) on 127.0.0.1; the Playground's web UI is
operated like a person would: type a post, press the card's buttons, fill in the block form or the
"Not right?" form, and ask for the month's report.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from playwright.async_api import Page

from register.tinydb_store import TinyDBRegister
from register.verdicts import judged_checks
from tests.support.playground import say

pytestmark = pytest.mark.e2e


async def test_check_block_and_wording_in_the_playground(page: Page, register: TinyDBRegister):
    # Installed: the welcome card arrives first.
    await page.get_by_text("Hello, I'm Social Desk").first.wait_for()

    # Check a post: the assessment card with its buttons.
    await say(page, "check @troll_99 on facebook: I know where the nurses park, watch your backs")
    record = page.get_by_role("button", name="Record a block").last
    await record.wait_for()

    # Record a block through the card: the form arrives pre-filled from the assessment.
    await record.click()
    submit = page.get_by_role("button", name="Record block").last
    await submit.wait_for()
    assert await page.get_by_placeholder("@handle").last.input_value() == "@troll_99"
    # Submitting without a rationale brings the form back with the message beside the field.
    await page.locator('input[type=checkbox][aria-label="Threatening, abusive or insulting"]').last.check()
    await submit.click()
    await page.get_by_text("Explain why the account is being blocked.").first.wait_for()
    await page.get_by_placeholder("Why blocking is necessary and proportionate here").last.fill(
        "A threat to staff at their cars; safety of staff comes first."
    )
    await page.get_by_role("button", name="Record block").last.click()
    await page.get_by_text("Block recorded").first.wait_for()
    [block] = await register.active_blocks()
    assert block.account == "@troll_99"
    assert "threatening_abusive_insulting" in block.criteria
    assert block.rationale.startswith("A threat to staff")

    # Fetch approved wording.
    await say(page, "wording complaint")
    await page.get_by_text("complaints_pals · version").first.wait_for()


async def test_not_right_is_recorded_and_shows_in_the_report_in_the_playground(
    page: Page, register: TinyDBRegister
):
    await page.get_by_text("Hello, I'm Social Desk").first.wait_for()

    # A complaint the engine would leave alone; the team thinks it should have been hidden.
    await say(page, "check @moaner on x: The car park queue at the hospital was awful today, two hours")
    not_right = page.get_by_role("button", name="Not right?").last
    await not_right.wait_for()
    await not_right.click()

    # The form arrives below the assessment: choose the action, tick a criterion, add a note.
    submit = page.get_by_role("button", name="Record verdict").last
    await submit.wait_for()
    await page.get_by_placeholder("Choose an action").last.click()
    await page.get_by_role("option", name="Hide the post").click()
    await page.locator('input[type=checkbox][aria-label="Trolling or harassment"]').last.check()
    await page.get_by_placeholder("What the engine missed or over-read").last.fill(
        "Posted daily to goad staff"
    )
    await submit.click()
    await page.get_by_text("Verdict recorded").first.wait_for()

    # The register holds the team's verdict on that check, against the engine's.
    [judged] = judged_checks(await register.audit())
    assert judged.check.account == "@moaner" and judged.check.action == "no_action"
    verdict = judged.verdict
    assert verdict is not None and judged.agrees is False
    assert (verdict.source, verdict.actions, verdict.criteria) == (
        "not_right",
        ("hide",),
        ("trolling_harassment",),
    )
    assert verdict.note == "Posted daily to goad staff"

    # This month's report counts the verdict as a disagreement with the engine.
    await say(page, "report")
    await page.get_by_text("Monthly report:").first.wait_for()
    report = page.locator(".ac-adaptiveCard").filter(has_text="Monthly report:").last
    # A fact set reads as label then value, one per line.
    lines = [line for line in (await report.inner_text()).splitlines() if line.strip()]
    facts = list(pairwise(lines))
    assert ("Team's verdicts", "1") in facts
    assert ("Agreed with the engine", "0 (0.0%)") in facts
    assert "Agreement with the team, by action" in lines
    assert ("no_action", "0 of 1 (0.0%)") in facts
    # And lists it, with the team's answer.
    assert "The team disagreed with the engine (1)" in lines
