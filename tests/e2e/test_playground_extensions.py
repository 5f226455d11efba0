"""End to end: the "Approved wording" message extension, searched from the Agents Playground's UI.

The Playground ignores the manifest, so its search panel asks for the command id and parameter name
that Teams would take from it; they are filled in with the manifest's own constants. Typing sends a
`composeExtension/query` invoke per keystroke; the Playground lists each result's preview, inserts the
chosen card into the compose box, and sends it as the person's message.
"""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from manifest.document import WORDING_COMMAND_ID, WORDING_QUERY_PARAMETER
from policy.pack import PolicyPack
from tests.e2e.test_playground import _say
from tests.e2e.test_playground import bot as bot
from tests.e2e.test_playground import chromium as chromium
from tests.e2e.test_playground import page as page
from tests.e2e.test_playground import playground as playground

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
    await _say(page, "hours")
    await page.get_by_text("The policy says:").first.wait_for()
    assert await page.get_by_text("Nothing in the policy calls for action.").count() == 0
