"""End to end with a real Teams-like client: the Microsoft 365 Agents Playground, driven in Chromium.

The bot runs in local mode (the Playground sends no token) on 127.0.0.1; the Playground's web UI is
operated like a person would: type a post, press the card's buttons, fill in the block form.
"""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from register.tinydb_store import TinyDBRegister
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
