"""End to end: the message extensions, used from the Agents Playground's UI.

The Playground ignores the manifest, so its search panel asks for the command id and parameter name
that Teams would take from it; they are filled in with the manifest's own constants. Typing sends a
`composeExtension/query` invoke per keystroke; the Playground lists each result's preview, inserts the
chosen card into the compose box, and sends it as the person's message. An action command fetches
its dialog from the bot (`composeExtension/fetchTask`) and sends each Action.Submit in it back as
`composeExtension/submitAction`.
"""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from manifest.document import CHECK_POST_COMMAND_ID, WORDING_COMMAND_ID, WORDING_QUERY_PARAMETER
from policy.pack import PolicyPack
from register.tinydb_store import TinyDBRegister
from tests.support.playground import say

pytestmark = pytest.mark.e2e


async def test_wording_search_inserts_the_card_in_the_playground(page: Page, pack: PolicyPack):
    await page.get_by_text("Hello, I'm Social Desk").first.wait_for()
    entry = pack.wording_entry("complaints_pals")

    # Open the search-based message extension from the compose box, as Teams' "+" menu would.
    await page.get_by_role("button", name="Trigger Message Extension App").click()
    await page.get_by_role("menuitem", name="Search Command").click()
    await page.get_by_role("button", name="Specify Command ID or Parameter").click()
    await page.get_by_role("textbox", name="Command ID").fill(WORDING_COMMAND_ID)
    await page.get_by_role("textbox", name="Parameter name").fill(WORDING_QUERY_PARAMETER)
    await page.get_by_placeholder("Enter a search term").click()
    await page.keyboard.type("complants")  # a typo, as typed in a hurry

    # The result list shows each item's preview: the title and "id · version".
    preview = page.get_by_text(f"{entry.id} · version {entry.version}", exact=True)
    await preview.wait_for()
    await page.get_by_text(entry.title, exact=True).first.wait_for()

    # Choosing it inserts the card into the compose box; sending posts it into the chat.
    await preview.click()
    await page.get_by_role("button", name="Send Message").click()
    first_line = pack.render(entry.id).split(". ")[0]
    await page.get_by_text(first_line).first.wait_for()
    await page.get_by_text(f"{entry.id} · version {entry.version} · approved by").first.wait_for()

    # The bot takes the sent card as nothing asked: the next command's answer is the next reply.
    await say(page, "hours")
    await page.get_by_text("The policy says:").first.wait_for()
    assert await page.get_by_text("Nothing in the policy calls for action.").count() == 0


async def test_check_a_post_dialog_records_a_block_and_posts_the_result(page: Page, register: TinyDBRegister):
    await page.get_by_text("Hello, I'm Social Desk").first.wait_for()

    # "Check a post" from the compose box: the Playground fetches the dialog from the bot.
    await page.get_by_role("button", name="Trigger Message Extension App").click()
    await page.get_by_role("menuitem", name="Action Command").click()
    await page.get_by_placeholder("Input command id or leave blanks").fill(CHECK_POST_COMMAND_ID)
    await page.get_by_role("button", name="Create").click()
    dialog = page.get_by_role("dialog")
    await dialog.locator("textarea").first.fill("I know where the nurses park, watch your backs")
    await dialog.get_by_placeholder("@handle").fill("@troll_99")
    await dialog.get_by_placeholder("Choose a platform").click()
    await page.get_by_role("option", name="Facebook").click()
    await dialog.get_by_role("button", name="Check").click()

    # The assessment replaces the form in the dialog; its buttons are Action.Submit there.
    await dialog.get_by_text("Escalate now").first.wait_for()
    await dialog.get_by_role("button", name="Record a block").click()
    record = dialog.get_by_role("button", name="Record block")
    await record.wait_for()
    assert await dialog.get_by_placeholder("@handle").input_value() == "@troll_99"
    await dialog.get_by_placeholder("Why blocking is necessary and proportionate here").fill(
        "A threat to staff at their cars; safety of staff comes first."
    )
    await record.click()
    await dialog.get_by_text("Block recorded").first.wait_for()
    [block] = await register.active_blocks()
    assert block.account == "@troll_99" and block.platform == "facebook"

    # The confirmation can be posted: inserted into the compose box, then sent by the person.
    await dialog.get_by_role("button", name="Post to the conversation").click()
    await page.get_by_role("button", name="Send Message").click()
    await page.get_by_text("Block recorded").first.wait_for()
    await say(page, "hours")
    await page.get_by_text("The policy says:").first.wait_for()
    assert await page.get_by_role("dialog").count() == 0
